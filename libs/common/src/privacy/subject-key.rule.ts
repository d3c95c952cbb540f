import { createHmac } from 'node:crypto';

/**
 * The keyed hash that stands for a person (an e-mail address) wherever an identifier leaves the
 * systems of record: workflow ids, search attributes, memos. Without the secret, nobody can tell
 * whose it is or test a guessed address against it; with it, the same address always gives the
 * same key, so "the same person, the same process" still holds.
 *
 * The secret never rotates: a new secret gives every person a new key, and processes started
 * before it would no longer be found by their subject.
 */
export const SUBJECT_KEY_PREFIX = 's-';

/** At least this many bytes of secret. */
export const SUBJECT_SECRET_MIN_BYTES = 32;

/** How an identifier is compared: trimmed, lower case (e-mail addresses are keyed lower-cased). */
export function normalizeSubject(identifier: string): string {
  return identifier.trim().toLowerCase();
}

/** `s-` and 32 hex digits (the first 128 bits of HMAC-SHA256 over the normalized identifier). */
export function subjectKey(secret: Uint8Array, identifier: string): string {
  if (secret.length < SUBJECT_SECRET_MIN_BYTES) {
    throw new Error(`The subject secret needs at least ${SUBJECT_SECRET_MIN_BYTES} bytes`);
  }
  const digest = createHmac('sha256', secret).update(normalizeSubject(identifier)).digest('hex');
  return `${SUBJECT_KEY_PREFIX}${digest.slice(0, 32)}`;
}

/** Whether a text looks like an e-mail address (a reference that is one is personal data). */
export function looksLikeEmail(text: string): boolean {
  return /[^\s@]+@[^\s@]+\.[^\s@]+/.test(text);
}
