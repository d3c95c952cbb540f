import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { PayloadKey } from '@throughline/temporal';

/** The cookie that carries a codec session: the browser sends it to /codec only. */
export const CODEC_SESSION_COOKIE = 'tl_codec_session';
/** How long a codec session lasts; then ops sign in again. */
export const CODEC_SESSION_SECONDS = 8 * 60 * 60;

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from(CODEC_SESSION_COOKIE);

/**
 * The key that seals codec sessions: derived (HKDF-SHA256) from the payload key that encrypts,
 * so every API instance with the same keys accepts the same sessions and a key rotation ends
 * them; a random key per process when payloads are not encrypted (dev mode).
 */
export function codecSessionKey(encryptingKey: PayloadKey | undefined): Buffer {
  if (!encryptingKey) return randomBytes(32);
  return Buffer.from(
    hkdfSync('sha256', encryptingKey.key, Buffer.alloc(0), 'throughline codec session v1', 32),
  );
}

/**
 * A session: the API key ops signed in with and when the session ends, encrypted and
 * authenticated (AES-256-GCM), so the browser keeps no readable key and cannot extend it. The
 * key is checked again on every use, so revoking it ends the session at once.
 */
export function sealCodecSession(sessionKey: Uint8Array, apiKey: string, expiresAt: Date): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sessionKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(AAD);
  const plain = Buffer.from(JSON.stringify({ k: apiKey, exp: expiresAt.getTime() }), 'utf8');
  return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString(
    'base64url',
  );
}

/** The API key of a session that is genuine and not expired; undefined otherwise. */
export function openCodecSession(
  sessionKey: Uint8Array,
  sealed: string,
  now = Date.now(),
): string | undefined {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < NONCE_BYTES + TAG_BYTES + 2 || bytes.length > 2048) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sessionKey, bytes.subarray(0, NONCE_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(AAD);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    const session = JSON.parse(plain.toString('utf8')) as { k?: unknown; exp?: unknown };
    if (typeof session.k !== 'string' || typeof session.exp !== 'number') return undefined;
    return session.exp > now ? session.k : undefined;
  } catch {
    return undefined;
  }
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie value of a session (or, without one, of its removal). */
export function sessionCookie(
  sealed: string | undefined,
  options: { secure: boolean; maxAgeSeconds?: number },
): string {
  return [
    `${CODEC_SESSION_COOKIE}=${sealed ?? ''}`,
    'Path=/codec',
    `Max-Age=${sealed ? (options.maxAgeSeconds ?? CODEC_SESSION_SECONDS) : 0}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
