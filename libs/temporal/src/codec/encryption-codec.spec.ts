import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { ConfigError, loadConfig } from '@throughline/common';
import { temporalEnvSchema } from '../temporal.config';
import {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_ID_METADATA,
  PayloadDecryptionError,
  payloadKeyIdOf,
} from './encryption-codec';
import { payloadCodecsOf } from './payload-encryption';
import { parsePayloadKeys, type PayloadKey, StaticPayloadKeyring } from './payload-keys';

const keyA: PayloadKey = { id: 'k2026-11', key: randomBytes(32) };
const keyB: PayloadKey = { id: 'k2026-12', key: randomBytes(32) };
const codecWith = (...keys: PayloadKey[]) => new EncryptionCodec(new StaticPayloadKeyring(keys));

const person = { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' };
const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const valueOf = (payload: Payload): unknown => defaultPayloadConverter.fromPayload(payload);
const bytesOf = (payload: Payload): string =>
  Buffer.concat([
    ...Object.entries(payload.metadata ?? {}).flatMap(([k, v]) => [Buffer.from(k), v]),
    payload.data ?? new Uint8Array(),
  ]).toString('latin1');
const meta = (payload: Payload, field: string): string | undefined => {
  const value = payload.metadata?.[field];
  return value ? Buffer.from(value).toString() : undefined;
};

describe('EncryptionCodec', () => {
  it('round-trips payloads, hiding their data and their encoding', async () => {
    const codec = codecWith(keyA);
    const payloads = [plain(person), plain(undefined), plain(new Uint8Array([1, 2, 3]))];
    const encoded = await codec.encode(payloads);
    expect(encoded).toHaveLength(3);
    for (const payload of encoded) {
      expect(Object.keys(payload.metadata ?? {}).sort()).toEqual(['encoding', KEY_ID_METADATA]);
      expect(meta(payload, 'encoding')).toBe(ENCRYPTED_ENCODING);
      expect(meta(payload, KEY_ID_METADATA)).toBe('k2026-11');
      const raw = bytesOf(payload);
      for (const text of [person.name, person.email, person.phone, 'json/plain', 'binary/null']) {
        expect(raw).not.toContain(text);
      }
    }
    const decoded = await codec.decode(encoded);
    expect(valueOf(decoded[0])).toEqual(person);
    expect(valueOf(decoded[1])).toBeUndefined();
    expect(valueOf(decoded[2])).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('uses a fresh nonce for every payload', async () => {
    const codec = codecWith(keyA);
    const [first, second] = await codec.encode([plain(person), plain(person)]);
    expect(Buffer.from(first.data!).equals(Buffer.from(second.data!))).toBe(false);
    expect(Buffer.from(first.data!).subarray(0, 12)).not.toEqual(
      Buffer.from(second.data!).subarray(0, 12),
    );
  });

  it('refuses a payload that was altered', async () => {
    const codec = codecWith(keyA);
    const [payload] = await codec.encode([plain(person)]);
    for (const offset of [0, 20, payload.data!.length - 1]) {
      const data = Buffer.from(payload.data!);
      data[offset] ^= 0x01;
      await expect(codec.decode([{ ...payload, data }])).rejects.toThrow(/does not authenticate/);
    }
    await expect(
      codec.decode([{ ...payload, data: Buffer.from(payload.data!).subarray(0, 20) }]),
    ).rejects.toThrow(PayloadDecryptionError);
  });

  it('refuses a payload whose key id was changed to another known key', async () => {
    const [payload] = await codecWith(keyA).encode([plain(person)]);
    const relabelled = {
      ...payload,
      metadata: { ...payload.metadata, [KEY_ID_METADATA]: Buffer.from(keyB.id) },
    };
    await expect(codecWith(keyA, keyB).decode([relabelled])).rejects.toThrow(
      /"k2026-12" does not authenticate/,
    );
  });

  it('fails clearly on a key id it does not hold', async () => {
    const [payload] = await codecWith(keyA).encode([plain(person)]);
    const error = await codecWith(keyB)
      .decode([payload])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect((error as PayloadDecryptionError).keyId).toBe('k2026-11');
    expect((error as Error).message).toMatch(
      /encrypted with the key "k2026-11", which is not configured \(TEMPORAL_PAYLOAD_KEYS/,
    );
  });

  it('passes payloads that are not encrypted through (histories recorded in plain text)', async () => {
    const payloads = [plain(person), plain(null), plain('text')];
    const decoded = await codecWith(keyA).decode(payloads);
    expect(decoded).toEqual(payloads);
  });

  it('decodes what an older key encrypted once a newer key is added, and encrypts with the newer', async () => {
    const [old] = await codecWith(keyA).encode([plain(person)]);
    const rotated = codecWith(keyB, keyA);
    expect(valueOf((await rotated.decode([old]))[0])).toEqual(person);
    const [fresh] = await rotated.encode([plain(person)]);
    expect(payloadKeyIdOf(fresh)).toBe('k2026-12');
    expect(valueOf((await rotated.decode([fresh]))[0])).toEqual(person);
    // Without the old key, the old payload cannot be read.
    await expect(codecWith(keyB).decode([old])).rejects.toThrow(/"k2026-11"/);
  });

  it('leaves an empty list alone', async () => {
    expect(await codecWith(keyA).encode([])).toEqual([]);
    expect(await codecWith(keyA).decode([])).toEqual([]);
  });
});

describe('payload keys from configuration', () => {
  const b64 = (key: PayloadKey) => Buffer.from(key.key).toString('base64');

  it('reads a list, newest first, separated by commas, spaces or lines, with comments', () => {
    const { keys, problems } = parsePayloadKeys(
      `# rotated 2026-12\n${keyB.id}:${b64(keyB)}\n${keyA.id}:${b64(keyA)} # the old one`,
    );
    expect(problems).toEqual([]);
    expect(keys.map((key) => key.id)).toEqual(['k2026-12', 'k2026-11']);
    expect(parsePayloadKeys(`${keyB.id}:${b64(keyB)}, ${keyA.id}:${b64(keyA)}`).keys).toEqual(keys);
  });

  it('names the key id or entry of each problem, never the key', () => {
    const short = randomBytes(16).toString('base64');
    const env = {
      TEMPORAL_PAYLOAD_KEYS: `k1:${short},k1:${b64(keyA)},bad/id:${b64(keyA)},k3:not*base64,k4:${b64(keyA)}`,
    };
    const error = (() => {
      try {
        loadConfig(temporalEnvSchema, env);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a configuration error');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems).toEqual([
      expect.stringMatching(/^TEMPORAL_PAYLOAD_KEYS\.k1: expected 32 random bytes.*got 16 bytes/),
      expect.stringMatching(/^TEMPORAL_PAYLOAD_KEYS\.entry 3: expected <id>:<base64 key>/),
      expect.stringMatching(/^TEMPORAL_PAYLOAD_KEYS\.k3: expected 32 .*got no valid base64/),
    ]);
    expect(error.message).not.toContain(short);
    expect(error.message).not.toContain(b64(keyA));
  });

  it('reports a repeated id', () => {
    expect(parsePayloadKeys(`k1:${b64(keyA)},k1:${b64(keyB)}`).problems).toEqual([
      { where: 'k1', message: 'the key id appears twice' },
    ]);
  });

  it('reports a key file that cannot be read, by its path', () => {
    expect(() =>
      loadConfig(temporalEnvSchema, { TEMPORAL_PAYLOAD_KEYS_FILE: '/nonexistent/keys' }),
    ).toThrow(/TEMPORAL_PAYLOAD_KEYS_FILE: cannot read the key file: ENOENT/);
  });

  it('refuses to run without keys outside dev mode, naming the variable', () => {
    const config = loadConfig(temporalEnvSchema, {});
    expect(() => payloadCodecsOf(config)).toThrow(/TEMPORAL_PAYLOAD_KEYS: required/);
    const production = loadConfig(temporalEnvSchema, { THROUGHLINE_MODE: 'production' });
    expect(() => payloadCodecsOf(production)).toThrow(ConfigError);
  });

  it('runs without keys in dev mode, with no codec', () => {
    expect(payloadCodecsOf(loadConfig(temporalEnvSchema, { THROUGHLINE_MODE: 'dev' }))).toEqual([]);
  });

  it('reads a key file, and refuses a key list in both variables', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'payload-keys-')), 'keys');
    writeFileSync(file, `# newest first\n${keyB.id}:${b64(keyB)}\n${keyA.id}:${b64(keyA)}\n`);
    const fromFile = loadConfig(temporalEnvSchema, { TEMPORAL_PAYLOAD_KEYS_FILE: file });
    const [codec] = payloadCodecsOf(fromFile) as EncryptionCodec[];
    expect((codec.keyring as StaticPayloadKeyring).ids).toEqual(['k2026-12', 'k2026-11']);
    const both = loadConfig(temporalEnvSchema, {
      TEMPORAL_PAYLOAD_KEYS: `k1:${b64(keyA)}`,
      TEMPORAL_PAYLOAD_KEYS_FILE: file,
    });
    expect(() => payloadCodecsOf(both)).toThrow(/set one of them, not both/);
  });
});
