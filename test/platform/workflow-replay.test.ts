import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { loadConfig } from '@throughline/common';
import { bundleWorkflows, temporalDataConverter, temporalEnvSchema } from '@throughline/temporal';

const historiesDir = path.resolve(__dirname, '../fixtures/histories');
/** The workflow id each history was recorded under (task and child ids derive from it). */
const workflowIds = JSON.parse(
  readFileSync(path.join(historiesDir, 'workflow-ids.json'), 'utf8'),
) as Record<string, string>;
/** The bundle production runs (`npm run build`, which `npm test` runs first). */
const productionBundle = path.resolve(__dirname, '../../dist/workflow-bundle.js');
const fixtures = readdirSync(historiesDir).filter(
  (file) => file.endsWith('.json') && file !== 'workflow-ids.json',
);
/**
 * The codec the workers run with, with the keys the fixtures were recorded with: encrypted
 * histories decrypt, the ones recorded before encryption pass through as they are.
 */
const dataConverter = temporalDataConverter(
  loadConfig(temporalEnvSchema, {
    TEMPORAL_PAYLOAD_KEYS_FILE: path.join(historiesDir, 'payload-keys.txt'),
  }),
);

/**
 * Every recorded history of a finished run replays on the current workflow code: a change that
 * would break processes in flight (a reordered step, a new activity without patched()) fails
 * here. `npm run fixtures:histories` records new ones.
 */
describe('recorded process histories', () => {
  let workflowBundle: Awaited<ReturnType<typeof bundleWorkflows>>;

  beforeAll(async () => {
    workflowBundle = await bundleWorkflows(path.resolve(__dirname, '../../workflows'));
  });

  it('exist for every process type that has run in production shape', () => {
    expect(fixtures).toEqual(
      expect.arrayContaining([
        'customer-onboarding.v1.json',
        'lead-to-cash.v1.json',
        'lead-to-cash.fulfillment.v1.json',
        'lead-to-cash.procure-to-pay.v1.json',
        'lead-to-cash.collection.v1.json',
        // Every branch: the ends before an order, the saga, and a failed step ops decided on.
        'lead-to-cash.disqualified.v1.json',
        'lead-to-cash.quote-rejected.v1.json',
        'lead-to-cash.quote-expired.v1.json',
        'lead-to-cash.credit-refused.v1.json',
        'lead-to-cash.cancelled.v1.json',
        'lead-to-cash.attention-retried.v1.json',
        'lead-to-cash.attention-compensated.v1.json',
        // The service case: in warranty, a declined estimate, invoiced after assignment by
        // hand, cancelled; and the erasure.
        'service-case.v1.json',
        'service-case.estimate-declined.v1.json',
        'service-case.invoiced.v1.json',
        'service-case.cancelled.v1.json',
        'customer-erasure.v1.json',
      ]),
    );
  });

  const replay = async (
    file: string,
    bundle: Parameters<typeof Worker.runReplayHistories>[0]['workflowBundle'],
  ): Promise<void> => {
    const history = historyFromJSON(
      JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8')),
    );
    const results = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: bundle, dataConverter },
      [{ workflowId: workflowIds[file] ?? file, history }],
    )) {
      results.push(result);
    }
    expect(results).toHaveLength(1);
    expect(results[0].error).toBeUndefined();
  };

  it.each(fixtures)('%s replays on the current workflow code', async (file) => {
    await replay(file, workflowBundle);
  });

  it.each(fixtures)(
    '%s replays on the production bundle (dist/workflow-bundle.js)',
    async (file) => {
      if (!existsSync(productionBundle)) {
        throw new Error(`${productionBundle} is missing: run npm run build (npm test does)`);
      }
      await replay(file, { codePath: productionBundle });
    },
  );
});
