import { LeadToCashEvents, type LeadToCashResult } from '@throughline/contracts';
import { refusalOf } from '../shared/systems';
import type { LeadToCash } from './lead-to-cash.process';

const { quoteAccepted, quoteRejected } = LeadToCashEvents;

/**
 * Quote from ERP prices, recorded in CRM; a sales manager approves a discount or total above
 * the thresholds; then the quote goes out and the customer accepts, rejects or lets it expire.
 * Returns the closed result unless the customer accepted.
 */
export async function quoteAndApprove(p: LeadToCash): Promise<LeadToCashResult | undefined> {
  const { crm, erp, runtime, request, policy, processId } = p;
  const customerNo = p.customerNo!;
  const opportunityId = p.opportunityId!;
  p.stage('quoting');
  const priced = await erp.priceLines({
    customerNo,
    lines: request.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  });
  const validUntil = Date.now() + policy.quoteValidityMs;
  p.validUntil = validUntil;
  p.saga.add('quote withdrawn', async (reason) => {
    if (!p.openQuote) return false;
    await crm.setQuoteStatus({
      quoteId: p.openQuote,
      status: 'expired',
      reason: `withdrawn: ${reason}`.slice(0, 200),
      processId,
    });
    return true;
  });
  let quote = await crm.createQuote({
    quoteKey: `quote:${p.opportunityNo}:1`,
    opportunityId,
    currency: priced.currency,
    taxRateBasisPoints: priced.taxRateBp,
    validUntil: new Date(validUntil).toISOString(),
    lines: priced.lines.map((line, index) => ({
      sku: line.sku,
      description: line.name,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      // The API edge allows at most two decimals, so this is exact.
      discountBasisPoints: Math.round((request.lines[index].discountPercent ?? 0) * 100),
    })),
  });
  p.quote = quote;
  p.result.quoteNo = quote.quoteNo;
  p.openQuote = quote.quoteNo;
  runtime.documentAttribute('quote', quote.quoteNo, 'quoteNo');
  runtime.step('quoted', `${quote.quoteNo} ${quote.totalMinor} ${quote.currency}`);

  // --- approval ------------------------------------------------------------------------------
  const maxDiscount = Math.max(...quote.lines.map((line) => line.discountBasisPoints)) / 100;
  const approvalReasons = [
    ...(maxDiscount > policy.approvalMaxDiscountPercent
      ? [`discount ${maxDiscount} % above ${policy.approvalMaxDiscountPercent} %`]
      : []),
    ...(quote.totalMinor > policy.approvalMaxTotalMinor
      ? [`total ${quote.totalMinor} above ${policy.approvalMaxTotalMinor}`]
      : []),
  ];
  if (approvalReasons.length > 0) {
    p.stage('approving-quote');
    quote = await crm.setQuoteStatus({ quoteId: quote.id, status: 'pending-approval', processId });
    const task = await runtime.ask({
      kind: 'approve-quote',
      role: 'sales-manager',
      escalateTo: 'sales-director',
      dueInMs: policy.approvalSlaMs,
      expireInMs: Math.max(0, validUntil - Date.now()),
      decisions: ['approve', 'reject'],
      summary: `Approve quote ${quote.quoteNo} for ${p.who}: ${approvalReasons.join('; ')}`,
      context: {
        quoteNo: quote.quoteNo,
        totalMinor: quote.totalMinor,
        currency: quote.currency,
        reasons: approvalReasons,
      },
    });
    if (task.status === 'expired') {
      p.openQuote = undefined;
      await crm.setQuoteStatus({ quoteId: quote.id, status: 'expired', processId });
      return p.close('quote-expired', 'expired before it was approved');
    }
    const { decision, by, comment } = task.completion!;
    if (decision === 'reject') {
      p.openQuote = undefined;
      await crm.setQuoteStatus({
        quoteId: quote.id,
        status: 'rejected',
        by,
        reason: comment ?? `rejected by ${by}`,
        processId,
      });
      return p.close('approval-rejected', `quote rejected by ${by}`);
    }
    quote = await crm.setQuoteStatus({
      quoteId: quote.id,
      status: 'approved',
      by,
      comment,
      processId,
    });
    runtime.step('quote-approved', `by ${by}${task.escalation ? ' (escalated)' : ''}`);
  } else {
    quote = await crm.setQuoteStatus({
      quoteId: quote.id,
      status: 'approved',
      by: 'rules',
      comment: 'within the approval thresholds',
      processId,
    });
  }
  p.quote = quote;

  // --- the customer's answer -------------------------------------------------------------------
  p.stage('awaiting-customer');
  quote = await crm.setQuoteStatus({ quoteId: quote.id, status: 'sent', processId });
  p.quote = quote;
  runtime.step('quote-sent', `valid until ${new Date(validUntil).toISOString()}`);
  runtime.acceptEvents(quoteAccepted, quoteRejected);
  const answer = await runtime.nextEvent(
    [quoteAccepted, quoteRejected],
    Math.max(0, validUntil - Date.now()),
  );
  runtime.acceptEvents();
  const sent = quote;
  const expire = async (): Promise<LeadToCashResult> => {
    p.openQuote = undefined;
    await crm.setQuoteStatus({ quoteId: sent.id, status: 'expired', processId });
    return p.close('quote-expired', 'expired');
  };
  if (!answer) return expire();
  if (answer.event === quoteRejected) {
    const reason = String(answer.payload.reason ?? answer.payload.comment ?? 'customer declined');
    p.openQuote = undefined;
    await crm.setQuoteStatus({ quoteId: quote.id, status: 'rejected', reason, processId });
    return p.close('quote-rejected', reason);
  }
  try {
    p.quote = await crm.setQuoteStatus({
      quoteId: quote.id,
      status: 'accepted',
      by: answer.by,
      processId,
    });
    p.openQuote = undefined;
    runtime.step('quote-accepted', `reported by ${answer.by}`);
  } catch (error) {
    // Accepted a moment after valid-until: the quote has expired.
    if (refusalOf(error)?.code === 'quote-past-valid-until') return expire();
    throw error;
  }
  return undefined;
}
