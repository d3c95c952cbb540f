import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import {
  bundleWorkflows,
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  payloadKeyIdOf,
  StaticPayloadKeyring,
} from '@throughline/temporal';
import { startStack, type TestStack } from '../support/apps';
import { closeSql } from '../support/db';
import { http } from '../support/http';
import {
  closeTemporalClient,
  historyPayloads,
  temporalClient,
  terminateRunningProcesses,
} from '../support/temporal';
import { LeadToCashHarness } from '../processes/lead-to-cash.harness';

type History = temporal.api.history.v1.IHistory;

/** The run's key (test global setup), with which the apps encrypt: key A of the rotation. */
const runKeys = process.env.TEMPORAL_PAYLOAD_KEYS!;
const keyA = {
  id: runKeys.split(':')[0],
  key: Buffer.from(runKeys.split(':')[1], 'base64'),
};
const keyB = { id: `rotated-${randomBytes(3).toString('hex')}`, key: randomBytes(32) };
const dataConverterWith = (...keys: (typeof keyA)[]) => ({
  payloadCodecs: [new EncryptionCodec(new StaticPayloadKeyring(keys))],
});
const listOf = (...keys: (typeof keyA)[]) =>
  keys.map((key) => `${key.id}:${key.key.toString('base64')}`).join(',');

/** Every payload in a history (a protobuf message tree), with the field path it sits at. */
/**
 * The payloads no codec sees: search attributes (the server indexes them), headers, and the
 * patch markers the SDK's core writes (the patch id of a patched() step).
 */
const isIndexed = (at: string): boolean =>
  /\.(searchAttributes|header)\.|\.markerRecordedEventAttributes\.details\.patch-data\./.test(at);
const bytesOf = (history: History): Buffer =>
  Buffer.from(temporal.api.history.v1.History.encode(history).finish());

/**
 * Process data never reaches Temporal in plain text: a lead to cash's histories hold its
 * contact's name, e-mail and phone nowhere (read raw, without the codec), while a client with
 * the codec reads them; histories recorded with one key replay and stay readable after a
 * rotation to a newer one, and new payloads take the newer key.
 */
describe('payload encryption in Temporal', () => {
  let h: LeadToCashHarness | undefined;
  const recorded: { id: string; history: History }[] = [];
  let leadToCashId: string;

  beforeAll(async () => {
    h = await LeadToCashHarness.start();
  });

  afterAll(async () => {
    await terminateRunningProcesses('payload encryption suite finished');
    await h?.close();
    await closeSql();
    await closeTemporalClient();
  });

  it('keeps a lead to cash, its children and its Updates unreadable in raw history, readable with the codec', async () => {
    const { sku } = await h!.stockedItem(5);
    const input = h!.request([{ sku, quantity: 1 }]);
    const { contactName, email, phone, company } = input.lead;
    const secrets = [email, contactName, phone, company].filter((s): s is string => Boolean(s));
    expect(secrets).toHaveLength(4);
    const started = await h!.start(input);
    leadToCashId = started.id;
    // An Update whose argument names the contact: the customer accepts on the phone.
    await h!.accepting(started.id, 'quote-accepted');
    const accepted = await h!.event(
      started.id,
      'quote-accepted',
      { comment: `${contactName} accepted by phone (${phone})` },
      'sales',
    );
    expect(accepted.status).toBe(202);
    await h!.deliverInTransit(started.id);
    await h!.payAll(started.id);
    expect((await h!.closed(started.id)).status).toBe('completed');

    const client = await temporalClient();
    const raw = new Client({
      connection: client.connection,
      namespace: process.env.TEMPORAL_NAMESPACE,
    });
    const parent = await raw.workflow.getHandle(started.id).fetchHistory();
    const childIds = (parent.events ?? [])
      .map((event) => event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId)
      .filter((id): id is string => Boolean(id));
    expect(childIds.length).toBeGreaterThanOrEqual(2); // a fulfillment and a collection
    const histories = [{ id: started.id, history: parent }];
    for (const id of childIds) {
      histories.push({ id, history: await raw.workflow.getHandle(id).fetchHistory() });
    }
    recorded.push(...histories);

    const [codec] = (await temporalClient()).options.loadedDataConverter.payloadCodecs;
    for (const { id, history } of histories) {
      // Raw: none of the person's data in any byte of the history.
      const bytes = bytesOf(history);
      for (const secret of secrets) {
        expect({
          id,
          found: bytes.includes(Buffer.from(secret, 'utf8')) ? secret : undefined,
        }).toEqual({ id, found: undefined });
      }
      // Every payload the codec sees is encrypted with the run's key; nothing says what is inside.
      const payloads = historyPayloads(history).filter(({ at }) => !isIndexed(at));
      expect(payloads.length).toBeGreaterThan(3);
      for (const { at, payload } of payloads) {
        expect({ at, encoding: Buffer.from(payload.metadata!.encoding!).toString() }).toEqual({
          at,
          encoding: ENCRYPTED_ENCODING,
        });
        expect(payloadKeyIdOf(payload)).toBe(keyA.id);
      }
    }

    // With the codec: the start input, the activities' data and the Update are all there.
    const decoded = await codec.decode(historyPayloads(parent).map(({ payload }) => payload));
    const text = decoded
      .filter((payload) => payload.data?.length)
      .map((payload) => JSON.stringify(defaultPayloadConverter.fromPayload(payload)))
      .join('\n');
    for (const secret of secrets) expect(text).toContain(secret);
    expect(text).toContain(`accepted by phone (${phone})`);
    const described = await client.workflow.getHandle(started.id).describe();
    expect(described.memo).toBeDefined();
  });

  it('replays a history encrypted with key A under the keyring [B (newest), A], and not without A', async () => {
    expect(recorded.length).toBeGreaterThan(0);
    const workflowBundle = await bundleWorkflows(path.resolve(__dirname, '../../workflows'));
    for (const { id, history } of recorded) {
      await Worker.runReplayHistory(
        { workflowBundle, dataConverter: dataConverterWith(keyB, keyA) },
        history,
        id,
      );
    }
    const { id, history } = recorded[0];
    await expect(
      Worker.runReplayHistory(
        { workflowBundle, dataConverter: dataConverterWith(keyB) },
        history,
        id,
      ),
    ).rejects.toThrow(new RegExp(`${keyA.id}\\W{1,4}, which is not configured`));
  });

  it('after a rotation to [B, A], the apps read the processes encrypted with A and encrypt new ones with B', async () => {
    await terminateRunningProcesses('before the rotation');
    await h!.close();
    h = undefined;
    let rotated: TestStack | undefined;
    try {
      rotated = await startStack(['crm', 'erp', 'orchestrator'], {
        TEMPORAL_PAYLOAD_KEYS: listOf(keyB, keyA),
      });
      // The finished lead to cash, read through its query: a worker replays A's history.
      const old = await http<{ status: string; steps: unknown[]; result?: { outcome: string } }>(
        rotated.api.url,
        'GET',
        `/processes/${encodeURIComponent(leadToCashId)}`,
        { as: 'ops' },
      );
      expect(old.status).toBe(200);
      expect(old.body).toMatchObject({ status: 'completed', result: { outcome: 'paid' } });
      // The steps come from the process's query only: a worker replayed the history.
      expect(old.body.steps.length).toBeGreaterThan(3);

      const email = `rotated-${randomBytes(4).toString('hex')}@example.com`;
      const started = await http<{ id: string }>(
        rotated.api.url,
        'POST',
        '/processes/customer-onboarding',
        { as: 'sales', json: { name: 'Rotated Keys Ltd', email, phone: '+49 30 7654321' } },
      );
      expect(started.status).toBe(201);
      const { connection } = await temporalClient();
      const namespace = process.env.TEMPORAL_NAMESPACE;
      const rotatedClient = new Client({
        connection,
        namespace,
        dataConverter: dataConverterWith(keyB, keyA),
      });
      expect(await rotatedClient.workflow.getHandle(started.body.id).result()).toMatchObject({
        customerNo: expect.any(String),
      });
      const raw = new Client({ connection, namespace });
      const payloads = historyPayloads(
        await raw.workflow.getHandle(started.body.id).fetchHistory(),
      ).filter(({ at }) => !isIndexed(at));
      expect(payloads.length).toBeGreaterThan(3);
      expect(new Set(payloads.map(({ payload }) => payloadKeyIdOf(payload)))).toEqual(
        new Set([keyB.id]),
      );
    } finally {
      await rotated?.close();
    }
  });
});
