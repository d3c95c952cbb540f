// What the demos (`npm run demo`, `npm run demo service`) share: the public API and its demo
// keys, waiting for a process to reach a point, the outside world of a lead to cash (supplier,
// carrier, bank), and the printout of a finished process.
//
// API_URL (default http://localhost:3000) points the demos elsewhere; the demo keys are the
// documented ones (apps/api/src/auth/demo-api-keys.json).

export const api = process.env.API_URL ?? 'http://localhost:3000';
export const keys = {
  sales: 'tl_demo_sales',
  manager: 'tl_demo_sales_manager',
  finance: 'tl_demo_finance',
  service: 'tl_demo_service',
  ops: 'tl_demo_ops',
};
/** The demo dealers' own keys (role dealer), by dealer code; both dealers are in the CRM seed. */
export const dealerKeys = {
  'D-BER-01': 'tl_demo_dealer_ber',
  'D-HAM-01': 'tl_demo_dealer_ham',
};

const started = Date.now();

export function say(line) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`[demo ${seconds}s] ${line}\n`);
}

export async function call(key, method, path, body) {
  let response;
  try {
    response = await fetch(`${api.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new Error(
      `cannot reach the API at ${api} (is \`npm start\` running?): ${error.cause?.message ?? error.message}`,
    );
  }
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new Error(`${method} ${path} → ${response.status} ${parsed?.detail ?? text}`);
  }
  return parsed;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const processPath = (id) => `/processes/${encodeURIComponent(id)}`;

/** Polls the process (as ops) until `probe` returns something; fails when it closes first. */
export async function waitFor(what, id, probe, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await call(keys.ops, 'GET', processPath(id));
    const value = probe(view);
    if (value) return value;
    if (view.status !== 'running') {
      throw new Error(
        `the process closed (${view.status}, stage ${view.stage}) while waiting for ${what}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (stage ${view.stage})`);
    await sleep(300);
  }
}

/**
 * The outside world of a lead to cash whose quote is accepted, until the process closes:
 * finance releases an order over the credit limit, the supplier delivers backorders, the carrier
 * delivers shipments, the bank pays invoices. Returns the closed process.
 */
export async function playOutsideWorld(id, tag) {
  const delivered = new Set();
  const received = new Set();
  const paid = new Set();
  for (;;) {
    const view = await call(keys.ops, 'GET', processPath(id));
    if (view.status !== 'running') return view;
    for (const task of view.openTasks.filter((t) => t.kind === 'release-credit')) {
      await call(keys.finance, 'POST', `/tasks/${task.id}/complete`, { decision: 'release' });
      say('fiona.finance released the order over the credit limit');
    }
    const details = view.details ?? { purchaseOrders: [], shipments: [], invoices: [] };
    if (view.acceptedEvents.includes('goods-received')) {
      for (const po of details.purchaseOrders.filter(
        (p) => p.status === 'open' && !received.has(p.poNo),
      )) {
        received.add(po.poNo);
        await call(keys.ops, 'POST', `${processPath(id)}/events/goods-received`, {
          poNo: po.poNo,
          deliveryNote: `DN-${tag}`,
        });
        say(`the supplier delivered backorder ${po.poNo}`);
      }
    }
    if (view.acceptedEvents.includes('carrier-delivered')) {
      for (const s of details.shipments.filter(
        (s) => s.status === 'in-transit' && !delivered.has(s.shipmentNo),
      )) {
        delivered.add(s.shipmentNo);
        await call(keys.ops, 'POST', `${processPath(id)}/events/carrier-delivered`, {
          shipmentNo: s.shipmentNo,
        });
        say(`the carrier delivered ${s.shipmentNo} (tracking ${s.trackingNumber})`);
      }
    }
    if (view.acceptedEvents.includes('payment-received')) {
      for (const invoice of details.invoices.filter(
        (i) => i.balanceMinor > 0 && !paid.has(i.invoiceNo),
      )) {
        paid.add(invoice.invoiceNo);
        await call(keys.finance, 'POST', `${processPath(id)}/events/payment-received`, {
          externalRef: `demo-bank-${tag}-${invoice.invoiceNo}`,
          amountMinor: invoice.balanceMinor,
          invoiceNo: invoice.invoiceNo,
        });
        say(
          `the bank paid ${invoice.invoiceNo}: ${(invoice.balanceMinor / 100).toFixed(2)} ${invoice.currency}`,
        );
      }
    }
    await sleep(300);
  }
}

/** The closed process: its step timeline, document numbers and Temporal UI link. */
export function printProcess(done) {
  say(`process ${done.status} at stage ${done.stage}`);
  process.stdout.write('\nStep timeline\n');
  for (const step of done.steps) {
    process.stdout.write(`  ${step.at}  ${step.step.padEnd(18)} ${step.detail ?? ''}\n`);
  }
  process.stdout.write('\nDocuments\n');
  for (const [kind, numbers] of Object.entries(done.documents)) {
    process.stdout.write(`  ${kind.padEnd(14)} ${numbers.join(', ')}\n`);
  }
  process.stdout.write(`\nTemporal UI   ${done.links.temporalUi}\n`);
}
