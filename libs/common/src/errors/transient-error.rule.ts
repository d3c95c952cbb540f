/** Socket and DNS errors: the other side is down or unreachable for now. */
const transientErrnos = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * PostgreSQL SQLSTATE classes and codes that pass by themselves: connection exceptions (08),
 * insufficient resources (53), operator intervention such as a restart (57), transaction
 * rollbacks such as serialization failures and deadlocks (40), lock not available (55P03).
 */
const transientSqlStateClasses = ['08', '53', '57', '40'];
const transientSqlStates = new Set(['55P03']);

/** MikroORM's names for the same conditions. */
const transientNames = new Set([
  'ConnectionException',
  'DeadlockException',
  'LockWaitTimeoutException',
]);

const transientMessages = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:error|refused|reset)/i,
  /server closed the connection/i,
  /the database system is (?:starting up|shutting down)/i,
];

/**
 * Whether an error is an infrastructure outage that retrying cures (a database or network
 * down, a deadlock), as opposed to an error nobody foresaw (a bug, data the database refuses),
 * which retrying repeats for ever. Follows the `cause` chain.
 */
export function isTransientError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, name, message } = current as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
    };
    if (typeof code === 'string') {
      if (transientErrnos.has(code) || transientSqlStates.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && transientSqlStateClasses.includes(code.slice(0, 2))) {
        return true;
      }
    }
    if (typeof name === 'string' && transientNames.has(name)) return true;
    if (typeof message === 'string' && transientMessages.some((m) => m.test(message))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
