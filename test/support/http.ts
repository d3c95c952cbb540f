export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small fetch wrapper: JSON in, parsed JSON (or text) out. */
export interface HttpOptions {
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** Authenticate as the demo user of this role. */
  as?: DemoRole;
}

export async function http<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: HttpOptions = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = {
    ...(options.as ? as(options.as) : {}),
    ...options.headers,
  };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(new URL(path, baseUrl), { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** Demo API keys by role (apps/api/src/auth/demo-api-keys.json). */
export const demoKeys = {
  sales: 'tl_demo_sales',
  'sales-manager': 'tl_demo_sales_manager',
  'sales-director': 'tl_demo_sales_director',
  finance: 'tl_demo_finance',
  'service-agent': 'tl_demo_service',
  'service-manager': 'tl_demo_service_manager',
  ops: 'tl_demo_ops',
  /** The dealer D-BER-01's key (demoDealerKeys has D-HAM-01's too). */
  dealer: 'tl_demo_dealer_ber',
  auditor: 'tl_demo_auditor',
  /** The system account the API calls the CRM and ERP with (SERVICE_API_KEY). */
  service: 'tl_demo_process_api',
  admin: 'tl_demo_admin',
} as const;

export type DemoRole = keyof typeof demoKeys;

/** The demo dealers' keys (role dealer), by dealer code: both dealers are in the CRM seed. */
export const demoDealerKeys = {
  'D-BER-01': 'tl_demo_dealer_ber',
  'D-HAM-01': 'tl_demo_dealer_ham',
} as const;

export type DemoDealer = keyof typeof demoDealerKeys;

/** Headers that authenticate as a demo dealer. */
export function asDealer(dealer: DemoDealer): Record<string, string> {
  return { authorization: `Bearer ${demoDealerKeys[dealer]}` };
}

/** Headers that authenticate as the demo user of a role. */
export function as(role: DemoRole): Record<string, string> {
  return { authorization: `Bearer ${demoKeys[role]}` };
}

/** Calls one app as one role by default: `const api = caller(() => stack.api.url, 'sales')`. */
export function caller(baseUrl: () => string, role?: DemoRole) {
  return <T = Record<string, unknown>>(method: string, path: string, options: HttpOptions = {}) =>
    http<T>(baseUrl(), method, path, { ...(role ? { as: role } : {}), ...options });
}
