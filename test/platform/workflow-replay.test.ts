import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '@throughline/temporal';

const historiesDir = path.resolve(__dirname, '../fixtures/histories');
/** The workflow id each history was recorded under (task and child ids derive from it). */
const workflowIds = JSON.parse(
  readFileSync(path.join(historiesDir, 'workflow-ids.json'), 'utf8'),
) as Record<string, string>;
const fixtures = readdirSync(historiesDir).filter(
  (file) => file.endsWith('.json') && file !== 'workflow-ids.json',
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
      ]),
    );
  });

  it.each(fixtures)('%s replays on the current workflow code', async (file) => {
    const history = historyFromJSON(
      JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8')),
    );
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle }, [
      { workflowId: workflowIds[file] ?? file, history },
    ])) {
      results.push(result);
    }
    expect(results).toHaveLength(1);
    expect(results[0].error).toBeUndefined();
  });
});
