import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKey, PayloadKeyring } from './payload-keys';

/** The `encoding` of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata field naming the key that encrypted a payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const CIPHER = 'aes-256-gcm';

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const text = (bytes: Uint8Array | null | undefined): string | undefined =>
  bytes ? Buffer.from(bytes).toString('utf8') : undefined;

/** A payload the codec cannot open: its key is unknown, or it was altered. */
export class PayloadDecryptionError extends Error {
  constructor(
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

export function isEncryptedPayload(payload: Payload): boolean {
  return text(payload.metadata?.encoding) === ENCRYPTED_ENCODING;
}

/** The id of the key that encrypted a payload (undefined for a payload that is not encrypted). */
export function payloadKeyIdOf(payload: Payload): string | undefined {
  return isEncryptedPayload(payload) ? text(payload.metadata?.[KEY_ID_METADATA]) : undefined;
}

/**
 * Encrypts every payload with AES-256-GCM: the whole serialized Payload (its metadata too, so
 * not even the encoding shows) becomes `nonce (12 bytes) | ciphertext | tag (16 bytes)` in a
 * payload whose metadata holds only `encoding: binary/encrypted` and the key id, which is also
 * authenticated (associated data). Every payload gets a random 96-bit nonce.
 *
 * Decoding passes payloads that are not encrypted through unchanged (histories recorded before
 * encryption keep replaying and reading) and fails with PayloadDecryptionError on an unknown key
 * id or a payload that does not authenticate.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(readonly keyring: PayloadKeyring) {}

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    if (payloads.length === 0) return payloads;
    const key = await this.keyring.encryptionKey(context);
    return payloads.map((payload) => encryptPayload(payload, key));
  }

  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        if (!isEncryptedPayload(payload)) return payload;
        const id = payloadKeyIdOf(payload);
        if (!id) {
          throw new PayloadDecryptionError(
            `An encrypted payload names no key (metadata "${KEY_ID_METADATA}" is missing)`,
          );
        }
        const key = await this.keyring.decryptionKey(id, context);
        if (!key) {
          throw new PayloadDecryptionError(
            `A payload is encrypted with the key "${id}", which is not configured ` +
              '(TEMPORAL_PAYLOAD_KEYS / TEMPORAL_PAYLOAD_KEYS_FILE): add it to the key list',
            id,
          );
        }
        return decryptPayload(payload, key);
      }),
    );
  }
}

function encryptPayload(payload: Payload, key: PayloadKey): Payload {
  const plain = temporal.api.common.v1.Payload.encode(payload).finish();
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(CIPHER, key.key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(utf8(key.id));
  const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return {
    metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(key.id) },
    data: sealed,
  };
}

function decryptPayload(payload: Payload, key: PayloadKey): Payload {
  const sealed = Buffer.from(payload.data ?? new Uint8Array());
  if (sealed.length < NONCE_BYTES + TAG_BYTES) {
    throw new PayloadDecryptionError(
      `A payload encrypted with the key "${key.id}" is truncated`,
      key.id,
    );
  }
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const ciphertext = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv(CIPHER, key.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(utf8(key.id));
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new PayloadDecryptionError(
      `A payload encrypted with the key "${key.id}" does not authenticate: it was altered, or ` +
        'the key configured under that id is not the one it was encrypted with',
      key.id,
    );
  }
  return temporal.api.common.v1.Payload.decode(plain);
}
