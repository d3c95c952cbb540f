import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, StaticPayloadKeyring } from '@throughline/temporal';
import { startApp, type RunningApp, unreachableBackends } from '../support/apps';
import { http, type HttpOptions } from '../support/http';
import { testDataConverter } from '../support/temporal';

type PayloadJson = { metadata?: Record<string, string>; data?: string };

const uiOrigin = 'http://localhost:8233';
const person = { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' };

const toJson = (payload: Payload): PayloadJson => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});
const valueOf = (json: PayloadJson): unknown =>
  defaultPayloadConverter.fromPayload({
    metadata: Object.fromEntries(
      Object.entries(json.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(json.data ?? '', 'base64'),
  });

/** Payloads encrypted as the apps encrypt them (the run's keys). */
async function encrypted(...values: unknown[]): Promise<PayloadJson[]> {
  const [codec] = testDataConverter().payloadCodecs!;
  const payloads = await codec.encode(values.map((v) => defaultPayloadConverter.toPayload(v)));
  return payloads.map(toJson);
}

/**
 * The Process API's codec server (Temporal remote codec protocol) for the Temporal UI and CLI:
 * decrypts for ops and admins only, answers the UI's CORS preflight, and authenticates a browser
 * with the session GET /codec starts.
 */
describe('the codec server (/codec)', () => {
  let api: RunningApp;

  beforeAll(async () => {
    api = await startApp('api', { ...unreachableBackends, TEMPORAL_UI_URL: `${uiOrigin}/` });
  });

  afterAll(async () => {
    await api?.app.close();
  });

  const call = <T = { payloads: PayloadJson[] }>(
    method: string,
    path: string,
    options: HttpOptions = {},
  ) => http<T>(api.url, method, path, options);

  it('decrypts for ops, as the CLI asks (Bearer key, X-Namespace), and passes plain payloads through', async () => {
    const plain = toJson(defaultPayloadConverter.toPayload({ note: 'not encrypted' }));
    const payloads = [...(await encrypted(person, null)), plain];
    expect(JSON.stringify(payloads)).not.toContain(Buffer.from(person.email).toString('base64'));
    const decoded = await call('POST', '/codec/decode', {
      as: 'ops',
      headers: { 'x-namespace': process.env.TEMPORAL_NAMESPACE! },
      json: { payloads },
    });
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads).toHaveLength(3);
    expect(valueOf(decoded.body.payloads[0])).toEqual(person);
    expect(Buffer.from(decoded.body.payloads[0].metadata!.encoding, 'base64').toString()).toBe(
      'json/plain',
    );
    expect(valueOf(decoded.body.payloads[1])).toBeNull();
    expect(decoded.body.payloads[2]).toEqual(plain);
  });

  it('decrypts for admin too, and encodes with the newest key', async () => {
    const encoded = await call('POST', '/codec/encode', {
      as: 'admin',
      json: { payloads: [toJson(defaultPayloadConverter.toPayload(person))] },
    });
    expect(encoded.status).toBe(200);
    const [payload] = encoded.body.payloads;
    const keyId = (process.env.TEMPORAL_PAYLOAD_KEYS ?? '').split(':')[0];
    expect(Buffer.from(payload.metadata!['encryption-key-id'], 'base64').toString()).toBe(keyId);
    const decoded = await call('POST', '/codec/decode', {
      as: 'admin',
      json: { payloads: [payload] },
    });
    expect(valueOf(decoded.body.payloads[0])).toEqual(person);
  });

  it('refuses other roles (403) and callers without a key (401)', async () => {
    const payloads = await encrypted(person);
    const sales = await call('POST', '/codec/decode', { as: 'sales', json: { payloads } });
    expect(sales.status).toBe(403);
    expect(JSON.stringify(sales.body)).not.toContain(person.email);
    const anonymous = await call('POST', '/codec/decode', { json: { payloads } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(
      (await call('POST', '/codec/encode', { as: 'finance', json: { payloads } })).status,
    ).toBe(403);
  });

  it('says which key it lacks (422) and refuses what is not a list of payloads (400)', async () => {
    const foreign = new EncryptionCodec(
      new StaticPayloadKeyring([{ id: 'k-elsewhere', key: randomBytes(32) }]),
    );
    const [payload] = await foreign.encode([defaultPayloadConverter.toPayload(person)]);
    const unknown = await call<{ code: string; detail: string }>('POST', '/codec/decode', {
      as: 'ops',
      json: { payloads: [toJson(payload)] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('payload-not-decodable');
    expect(unknown.body.detail).toMatch(/"k-elsewhere", which is not configured/);
    const malformed = await call('POST', '/codec/decode', {
      as: 'ops',
      json: { payloads: [{ data: 'not base64!' }] },
    });
    expect(malformed.status).toBe(400);
  });

  it('takes a history-sized body (a 1.5 MB payload), more than the 256 kB elsewhere', async () => {
    const big = { notes: 'x'.repeat(1_500_000) };
    const decoded = await call('POST', '/codec/decode', {
      as: 'ops',
      json: { payloads: await encrypted(big) },
    });
    expect(decoded.status).toBe(200);
    expect(valueOf(decoded.body.payloads[0])).toEqual(big);
  });

  describe('for the Temporal UI in a browser', () => {
    it('answers the preflight from the UI origin without authentication', async () => {
      const preflight = await call('OPTIONS', '/codec/decode', {
        headers: {
          origin: uiOrigin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace,authorization',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(uiOrigin);
      expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      const allowed = preflight.headers
        .get('access-control-allow-headers')!
        .toLowerCase()
        .split(/,\s*/);
      expect(allowed).toEqual(
        expect.arrayContaining(['authorization', 'x-api-key', 'content-type', 'x-namespace']),
      );
    });

    it('allows no other origin', async () => {
      const preflight = await call('OPTIONS', '/codec/decode', {
        headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const post = await call('POST', '/codec/decode', {
        as: 'ops',
        headers: { origin: 'http://evil.example' },
        json: { payloads: [] },
      });
      expect(post.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('lets the UI read a refusal (CORS headers on the 401)', async () => {
      const refused = await call('POST', '/codec/decode', {
        headers: { origin: uiOrigin },
        json: { payloads: [] },
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    });

    it('signs a browser in on GET /codec: a session cookie that decodes with "include credentials"', async () => {
      const page = await call<string>('GET', '/codec');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(page.body).toContain('Include cross-origin credentials');

      const signIn = await call<{ userId: string; expiresAt: string }>('POST', '/codec/session', {
        as: 'ops',
      });
      expect(signIn.status).toBe(200);
      expect(signIn.body.userId).toBe('otto.ops');
      const setCookie = signIn.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^tl_codec_session=[A-Za-z0-9_-]+; /);
      expect(setCookie).toContain('Path=/codec');
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Lax');
      expect(setCookie).not.toContain('tl_demo_ops');
      const cookie = setCookie.split(';')[0];

      // What the UI sends: Origin, X-Namespace, the cookie, no key.
      const decoded = await call('POST', '/codec/decode', {
        headers: { origin: uiOrigin, cookie, 'x-namespace': 'default' },
        json: { payloads: await encrypted(person) },
      });
      expect(decoded.status).toBe(200);
      expect(decoded.headers.get('access-control-allow-origin')).toBe(uiOrigin);
      expect(valueOf(decoded.body.payloads[0])).toEqual(person);

      // The cookie cannot start a session of its own, nor be altered.
      expect((await call('POST', '/codec/session', { headers: { cookie } })).status).toBe(401);
      const altered = `${cookie.slice(0, -2)}${cookie.endsWith('A') ? 'B' : 'A'}A`;
      expect(
        (
          await call('POST', '/codec/decode', {
            headers: { cookie: altered },
            json: { payloads: [] },
          })
        ).status,
      ).toBe(401);

      const signOut = await call('DELETE', '/codec/session');
      expect(signOut.status).toBe(204);
      expect(signOut.headers.get('set-cookie')).toMatch(/^tl_codec_session=; .*Max-Age=0/);
    });

    it('starts no session for a key without the role ops', async () => {
      const refused = await call('POST', '/codec/session', { as: 'sales' });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('set-cookie')).toBeNull();
    });
  });
});
