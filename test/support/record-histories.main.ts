// `npm run fixtures:histories`: runs each process once on a fresh stack and records its
// history in test/fixtures/histories/<name>.json. The replay suite runs every recorded history
// against the current workflow code, so a change that would break processes in flight fails.
// Record a new fixture when a process changes shape; keep the old ones.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { eventually, startStack } from './apps';
import { demoKeys } from './http';
import {
  dropOwnDatabase,
  migrateAll,
  prepareDatabase,
  projectRoot,
  startTemporal,
  stopProcess,
} from './infrastructure';

async function main(): Promise<void> {
  const version = process.argv[2] ?? 'v1';
  const [temporal, database] = await Promise.all([
    startTemporal(['record']),
    prepareDatabase('test'),
  ]);
  await migrateAll(database.DATABASE_URL);
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'record',
    DATABASE_URL: database.DATABASE_URL,
    LOG_LEVEL: 'error',
  });
  const stack = await startStack(['crm', 'erp', 'orchestrator']);
  const connection = await Connection.connect({ address: temporal.address });
  try {
    const client = new Client({ connection, namespace: 'record' });
    const response = await fetch(new URL('/processes/customer-onboarding', stack.api.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${demoKeys.sales}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Replay Fixture GmbH',
        email: 'replay-fixture@example.com',
        address: { line1: 'Am Sandtorkai 1', city: 'Hamburg', postalCode: '20457', country: 'DE' },
      }),
    });
    const { id } = (await response.json()) as { id: string };
    const handle = client.workflow.getHandle(id);
    await eventually(
      'the onboarding to complete',
      async () => (await handle.describe()).status.name === 'COMPLETED',
    );
    const history = await handle.fetchHistory();
    const dir = path.join(projectRoot(), 'test/fixtures/histories');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `customer-onboarding.${version}.json`);
    writeFileSync(file, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
    process.stdout.write(`recorded ${file}\n`);
  } finally {
    await connection.close();
    await stack.close();
    await stopProcess(temporal.pid);
    await database.embedded?.stop();
    if (database.ownDatabase) await dropOwnDatabase(database.ownDatabase);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `recording failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
