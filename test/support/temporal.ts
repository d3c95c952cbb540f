import { Client, Connection } from '@temporalio/client';
import type { DataConverter, Payload } from '@temporalio/common';
import { loadConfig } from '@throughline/common';
import { temporalDataConverter, temporalEnvSchema } from '@throughline/temporal';

let connection: Connection | undefined;

/** The data converter of the apps under test: payloads encrypted with the run's keys. */
export function testDataConverter(): DataConverter {
  return temporalDataConverter(loadConfig(temporalEnvSchema));
}

/**
 * A Temporal client on the run's dev server, in this jest worker's namespace, with the apps'
 * payload codec (it reads and writes what they do).
 */
export async function temporalClient(): Promise<Client> {
  connection ??= await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  return new Client({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE,
    dataConverter: testDataConverter(),
  });
}

export async function closeTemporalClient(): Promise<void> {
  await connection?.close();
  connection = undefined;
}

/** Attempts of each started activity type, read from the workflow's history. */
export async function activityAttempts(workflowId: string): Promise<Record<string, number[]>> {
  const client = await temporalClient();
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const typeOfScheduled = new Map<string, string>();
  const attempts: Record<string, number[]> = {};
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) typeOfScheduled.set(String(event.eventId), scheduled.activityType?.name ?? '?');
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const type = typeOfScheduled.get(String(started.scheduledEventId)) ?? '?';
      (attempts[type] ??= []).push(started.attempt ?? 1);
    }
  }
  return attempts;
}

/**
 * Terminates the processes a suite left running in this jest worker's namespace, so the next
 * suite's workers do not pick up workflows they do not know.
 */
export async function terminateRunningProcesses(reason: string): Promise<void> {
  const client = await temporalClient();
  for await (const execution of client.workflow.list({ query: "ExecutionStatus = 'Running'" })) {
    await client.workflow
      .getHandle(execution.workflowId, execution.runId)
      .terminate(reason)
      .catch(() => undefined);
  }
}

/** Every payload in a history (or any part of one), with where it sits. */
export function historyPayloads(node: unknown, at = ''): { at: string; payload: Payload }[] {
  if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return [];
  const record = node as Record<string, unknown>;
  if ('metadata' in record && 'data' in record && ArrayBuffer.isView(record.data)) {
    return [{ at, payload: record as Payload }];
  }
  return Object.entries(record).flatMap(([key, value]) =>
    value === null || value === undefined ? [] : historyPayloads(value, `${at}.${key}`),
  );
}
