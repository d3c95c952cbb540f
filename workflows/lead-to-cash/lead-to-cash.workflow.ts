import { CancellationScope, isCancellation } from '@temporalio/workflow';
import type { LeadToCashResult, LeadToCashWorkflowInput } from '@throughline/contracts';
import { deliverAndBill } from './deliver-and-bill.phase';
import { LeadToCash } from './lead-to-cash.process';
import { orderWithCredit } from './order-and-credit.phase';
import { DocumentsInFlight } from './payments';
import { qualifyAndConvert } from './qualify.phase';
import { quoteAndApprove } from './quote-and-approval.phase';

/**
 * Lead to cash, DOMAIN.md "Process 1", as one durable process across CRM and ERP: capture and
 * qualify the lead, convert it (account, opportunity, ERP customer), quote from ERP prices,
 * approve, wait for the customer, check credit, order, reserve (backorder through
 * procure-to-pay), fulfil each shipment, invoice it, hand serialized items over as assets, and
 * collect every invoice. Until the first shipment it can be cancelled, and then undoes what it
 * did in reverse (a saga); after that, cancellation is refused.
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
  try {
    return (
      (await qualifyAndConvert(p)) ??
      (await quoteAndApprove(p)) ??
      (await orderWithCredit(p)) ??
      (await deliverAndBill(p, documents))
    );
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(() => undo(p));
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
  const undone = await p.saga.run(reason);
  for (const step of undone) runtime.step('undone', step);
  await p.timeline(
    'process-cancelled',
    `process-cancelled:${p.processId}`,
    `Lead to cash cancelled: ${reason}`,
    { undone },
  );
}
