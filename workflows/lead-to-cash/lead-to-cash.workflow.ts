import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';
import type { LeadToCashResult, LeadToCashWorkflowInput } from '@throughline/contracts';
import { describeFailure, isCompensationRequested } from '../shared/attention';
import { deliverAndBill } from './deliver-and-bill.phase';
import { LeadToCash } from './lead-to-cash.process';
import { orderWithCredit } from './order-and-credit.phase';
import { DocumentsInFlight } from './payments';
import { qualifyAndConvert } from './qualify.phase';
import { quoteAndApprove } from './quote-and-approval.phase';

/**
 * How long a process cancelled through the API (one Update) waits, after its undo, for the
 * Temporal cancellation the API sends too, so it closes as Canceled in Temporal; without it
 * (the second call was lost) it completes with the outcome `cancelled`.
 */
const DEFAULT_CANCEL_CONFIRMATION_MS = 60_000;

/**
 * Lead to cash, DOMAIN.md "Process 1", as one durable process across CRM and ERP: capture and
 * qualify the lead, convert it (account, opportunity, ERP customer), quote from ERP prices,
 * approve, wait for the customer, check credit, order, reserve (backorder through
 * procure-to-pay), fulfil each shipment, invoice it, hand serialized items over as assets, and
 * collect every invoice. Until the first shipment it can be cancelled, and then undoes what it
 * did in reverse (a saga); after that, cancellation is refused. A step that fails for a reason
 * the process does not handle parks it for ops (retry, skip where safe, or compensate).
 *
 * The state lives in one LeadToCash object (lead-to-cash.process.ts); each phase is a function
 * of it in its own file, run here in order.
 */
export async function leadToCashWorkflow(
  input: LeadToCashWorkflowInput,
): Promise<LeadToCashResult> {
  const p = new LeadToCash(input);
  const documents = new DocumentsInFlight(p);
  p.runtime.setCancellable(true);
  // The process's work runs in its own scope, which an accepted cancellation request cancels.
  const work = new CancellationScope();
  p.runtime.onCancelRequested(() => work.cancel());
  try {
    return await work.run(
      async () =>
        (await qualifyAndConvert(p)) ??
        (await quoteAndApprove(p)) ??
        (await orderWithCredit(p)) ??
        (await deliverAndBill(p, documents)),
    );
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() => undo(p));
      return await closeCancelled(p, error);
    }
    // Ops decided to compensate a failed step, or something failed that no step could park
    // for: undo what can be undone and close as failed, never leaving documents half done.
    const why = isCompensationRequested(error) ? error.message : describeFailure(error).message;
    await CancellationScope.nonCancellable(() => compensate(p, why));
    throw error;
  }
}

/** After a cancellation: the saga, unless goods are already with the customer. */
async function undo(p: LeadToCash): Promise<void> {
  const { runtime, result } = p;
  p.stage('cancelled');
  if (!runtime.state.cancellation) {
    // Cancelled in Temporal itself (UI, CLI), not through the API: after the first shipment
    // nothing is undone, since goods are with the customer (returns are their own process).
    if (result.shipmentNos.length > 0 || runtime.state.steps.some((s) => s.step === 'shipped')) {
      runtime.step('cancelled-after-shipment', 'nothing undone');
      return;
    }
  }
  const reason = `process cancelled by ${runtime.state.cancellation?.by ?? 'ops'}: ${runtime.state.cancellation?.reason ?? 'no reason given'}`;
  const undone = await runSaga(p, reason);
  await p.timeline(
    'process-cancelled',
    `process-cancelled:${p.processId}`,
    `Lead to cash cancelled: ${reason}`,
    { undone },
  );
}

/** Ops decided to compensate: the saga runs, the timeline says why, the process fails. */
async function compensate(p: LeadToCash, why: string): Promise<void> {
  const undone = await runSaga(p, why.slice(0, 180));
  p.runtime.step('compensated', why);
  p.stage('failed');
  await p.timeline(
    'process-failed',
    `process-failed:${p.processId}`,
    `Lead to cash failed: ${why}`,
    {
      undone,
    },
  );
}

async function runSaga(p: LeadToCash, reason: string): Promise<string[]> {
  p.attention.compensating = true;
  const undone = await p.saga.run(reason);
  for (const step of undone) p.runtime.step('undone', step);
  return undone;
}

/**
 * Closes a cancelled process: as Canceled in Temporal when Temporal's cancellation arrived (the
 * UI, the CLI, or the API's confirmation); otherwise, after a bounded wait for it, as completed
 * with the outcome `cancelled`, so a lost second call never leaves the process waiting.
 */
async function closeCancelled(p: LeadToCash, error: unknown): Promise<LeadToCashResult> {
  const root = CancellationScope.current();
  if (!root.consideredCancelled) {
    await Promise.race([
      root.cancelRequested,
      sleep(p.policy.cancelConfirmationMs ?? DEFAULT_CANCEL_CONFIRMATION_MS),
    ]);
  }
  if (root.consideredCancelled) throw error;
  p.result.outcome = 'cancelled';
  p.runtime.state.result = p.result;
  return p.result;
}
