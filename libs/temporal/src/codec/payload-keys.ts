import type { SerializationContext } from '@temporalio/common';

/** AES-256: every payload key is 32 random bytes. */
export const PAYLOAD_KEY_BYTES = 32;

/** Letters, digits, `.`, `_` and `-`, up to 64 characters (e.g. `k2026-11`); never secret. */
export const PAYLOAD_KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface PayloadKey {
  /** Stored in plain text beside each payload it encrypted (metadata `encryption-key-id`). */
  readonly id: string;
  /** 32 bytes. */
  readonly key: Uint8Array;
}

/**
 * Where the payload codec gets its keys. `context` says whose payload it is (the workflow, or the
 * activity and its workflow), so a keyring may one day choose a data key per customer by
 * workflow id (envelope encryption: a data key per customer, kept wrapped by a master key). Such a
 * keyring must find a key again from its id alone: the codec server (Temporal UI, CLI) decodes
 * without any workflow context, and the id is all an encrypted payload carries.
 */
export interface PayloadKeyring {
  /** The key new payloads are encrypted with. */
  encryptionKey(context?: SerializationContext): PayloadKey | Promise<PayloadKey>;
  /** The key with this id, or undefined when this keyring does not hold it. */
  decryptionKey(
    id: string,
    context?: SerializationContext,
  ): PayloadKey | undefined | Promise<PayloadKey | undefined>;
}

/**
 * The keys from configuration: the first encrypts every new payload, all of them decrypt, so a
 * rotation puts the new key first and keeps the old ones for the payloads they encrypted.
 */
export class StaticPayloadKeyring implements PayloadKeyring {
  private readonly byId: ReadonlyMap<string, PayloadKey>;

  constructor(readonly keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('A payload keyring needs at least one key');
    for (const { id, key } of keys) {
      if (!PAYLOAD_KEY_ID.test(id)) throw new Error(`Payload key id "${id}" is not valid`);
      if (key.length !== PAYLOAD_KEY_BYTES) {
        throw new Error(`Payload key "${id}" has ${key.length} bytes, not ${PAYLOAD_KEY_BYTES}`);
      }
    }
    this.byId = new Map(keys.map((key) => [key.id, key]));
    if (this.byId.size !== keys.length) throw new Error('Payload key ids must be unique');
  }

  encryptionKey(): PayloadKey {
    return this.keys[0];
  }

  decryptionKey(id: string): PayloadKey | undefined {
    return this.byId.get(id);
  }

  /** The ids, newest (encrypting) first. */
  get ids(): string[] {
    return this.keys.map((key) => key.id);
  }
}

export interface PayloadKeyProblem {
  /** The key id, or `entry <n>` when the entry has no readable id. */
  where: string;
  message: string;
}

const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Reads a key list: entries `<id>:<base64 of 32 random bytes>`, separated by commas, spaces or
 * line breaks; `#` starts a comment to the end of its line (key files). The first entry is the
 * key that encrypts. Problems name the key id (or the entry's position), never the key.
 */
export function parsePayloadKeys(text: string): {
  keys: PayloadKey[];
  problems: PayloadKeyProblem[];
} {
  const entries = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('\n')
    .split(/[\s,]+/)
    .filter(Boolean);
  const keys: PayloadKey[] = [];
  const problems: PayloadKeyProblem[] = [];
  if (entries.length === 0) {
    problems.push({ where: 'entry 1', message: 'expected at least one key as <id>:<base64>' });
  }
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const encoded = colon > 0 ? entry.slice(colon + 1) : '';
    if (!PAYLOAD_KEY_ID.test(id)) {
      problems.push({
        where: `entry ${index + 1}`,
        message:
          'expected <id>:<base64 key>, the id 1 to 64 letters, digits, ".", "_" or "-" (e.g. k2026-11)',
      });
      return;
    }
    if (keys.some((key) => key.id === id)) {
      problems.push({ where: id, message: 'the key id appears twice' });
      return;
    }
    const key = Buffer.from(encoded, 'base64');
    if (!CANONICAL_BASE64.test(encoded) || key.length !== PAYLOAD_KEY_BYTES) {
      problems.push({
        where: id,
        message: `expected ${PAYLOAD_KEY_BYTES} random bytes in base64 (openssl rand -base64 32)${
          CANONICAL_BASE64.test(encoded) ? `, got ${key.length} bytes` : ', got no valid base64'
        }`,
      });
      return;
    }
    keys.push({ id, key });
  });
  return { keys, problems };
}
