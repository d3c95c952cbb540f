/**
 * What logs may not carry: credentials and personal data. A request URL keeps its path and the
 * names of its query parameters, never their values (a key sent as `?api_key=` must not reach
 * the log); e-mail addresses in paths (process ids of onboarding) are masked; an error keeps its
 * type, code and the database's own reason, never the SQL statement with its values.
 */
export const REDACTED = '[redacted]';

const emailPattern = /[^\s/:@%"'(),=]+@[^\s/:@%"'(),=]+\.[A-Za-z]{2,}/g;
/** International numbers, as the systems store them (+49 30 1234567); dates never match. */
const phonePattern = /\+\d[\d\s()-]{6,}\d/g;

/** Masks e-mail addresses and phone numbers in free text. */
export function redactPersonalData(text: string): string {
  return text.replace(emailPattern, '[email]').replace(phonePattern, '[phone]');
}

/** A request URL for the log: path (e-mails masked) and query parameter names only. */
export function redactUrl(url: string): string {
  const [path, query] = splitOnce(url, '?');
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not valid percent-encoding: mask what is there as it is.
  }
  const safePath = decoded === path ? redactPersonalData(path) : maskedOrRaw(path, decoded);
  if (query === undefined) return safePath;
  const names = query
    .split('&')
    .filter(Boolean)
    .map((pair) => `${splitOnce(pair, '=')[0]}=${REDACTED}`);
  return `${safePath}?${names.join('&')}`;
}

/** The path as logged: unchanged unless decoding it shows personal data, then masked. */
function maskedOrRaw(raw: string, decoded: string): string {
  const masked = redactPersonalData(decoded);
  return masked === decoded ? raw : masked;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * An error for the log: its type, code, constraint and table, and a message without the SQL
 * statement and values a database driver puts in it (MikroORM: `<statement> - <reason>`), with
 * personal data masked. The stack keeps only its frames.
 */
export function redactError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: redactPersonalData(String(error)) };
  const { code, constraint, table, type, nonRetryable } = error as Error & {
    code?: unknown;
    constraint?: unknown;
    table?: unknown;
    /** A Temporal ApplicationFailure's type (the refusal's code). */
    type?: unknown;
    nonRetryable?: unknown;
  };
  const message = withoutStatement(error.message);
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
  return {
    type: error.name,
    message: redactPersonalData(message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof constraint === 'string' ? { constraint } : {}),
    ...(typeof table === 'string' ? { table } : {}),
    ...(typeof type === 'string' ? { failureType: type } : {}),
    ...(typeof nonRetryable === 'boolean' ? { nonRetryable } : {}),
    ...(frames ? { stack: frames } : {}),
    ...(error.cause !== undefined ? { cause: redactError(error.cause) } : {}),
  };
}

const statementStart = /^\s*(?:insert|update|delete|select|with|merge|upsert)\b/i;

function withoutStatement(message: string): string {
  if (!statementStart.test(message)) return message;
  const reason = message.lastIndexOf(' - ');
  return reason < 0
    ? '(SQL statement failed)'
    : `(SQL statement failed) ${message.slice(reason + 3)}`;
}
