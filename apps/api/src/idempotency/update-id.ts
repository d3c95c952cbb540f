import { sha256Hex } from '@throughline/common';

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : inner,
  );
}

/**
 * The Workflow Update id of a request that came without an Idempotency-Key: derived from who
 * asks, what for and with which (validated) content, so the same request sent again after a
 * timeout is the same Update, which Temporal applies once and answers with its first outcome.
 */
export function requestUpdateId(operation: string, parts: unknown[]): string {
  return `${operation}:${sha256Hex(canonicalJson(parts))}`;
}
