import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../crypto/sha256';

/** Every key Throughline issues starts with this, so people and secret scanners recognise one. */
export const API_KEY_PREFIX = 'tl_';

/** A presented key longer than this is refused without being hashed. */
export const API_KEY_MAX_LENGTH = 200;

/** A new random key: `tl_` and 24 random bytes, base64url (32 characters). */
export function newApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
}

/** What is kept of a key: its SHA-256, hex. The key itself is never stored. */
export function apiKeyHash(key: string): string {
  return sha256Hex(key);
}

/** The first characters of a key, to recognise it in lists (`tl_4Zq9x`). */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, 8);
}

/** The request headers a key may come in. */
export interface ApiKeyHeaders {
  authorization?: string;
  'x-api-key'?: string | string[];
}

/**
 * The key a request presents: `Authorization: Bearer <key>`, else `X-API-Key: <key>`. An
 * Authorization header of another scheme presents no key (it is not silently ignored in favour
 * of X-API-Key).
 */
export function presentedApiKey(headers: ApiKeyHeaders): string | undefined {
  if (headers.authorization) {
    return /^Bearer\s+(\S+)$/i.exec(headers.authorization)?.[1];
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}
