import type { LeadToCashResult } from '@throughline/contracts';
import { billingAddressOf } from '../shared/erp-customer';
import type { LeadToCash } from './lead-to-cash.process';

/**
 * Capture and qualify the lead (scoring rules, or sales decides), then convert it: CRM account,
 * contact and opportunity, and the ERP customer master with the same customerNo.
 * Returns the closed result when the lead is disqualified.
 */
export async function qualifyAndConvert(p: LeadToCash): Promise<LeadToCashResult | undefined> {
  const { crm, erp, runtime, request, policy } = p;
  p.stage('capturing-lead');
  let lead = await crm.captureLead({
    source: request.lead.source,
    company: request.lead.company,
    contactName: request.lead.contactName,
    email: request.lead.email,
    phone: request.lead.phone,
    itemsOfInterest: [...new Set(request.lines.map((line) => line.sku))],
    estimatedValueMinor: request.lead.estimatedValueMinor,
    // The lead is this process's own: a process started at the same moment for the same
    // person gets another lead, never this one.
    processId: p.processId,
  });
  p.result.leadNo = lead.leadNo;
  runtime.documentAttribute('lead', lead.leadNo, 'leadId');
  runtime.step('lead-captured', lead.leadNo);

  p.stage('qualifying');
  if (lead.status === 'new') {
    const scored = await crm.scoreLead({ leadId: lead.id });
    lead = scored.lead;
    runtime.step('lead-scored', `${scored.score} → ${scored.outcome}`);
    if (scored.outcome === 'needs-review') {
      const task = await runtime.ask({
        kind: 'qualify-lead',
        role: 'sales',
        escalateTo: 'sales-manager',
        dueInMs: policy.qualifySlaMs,
        decisions: ['qualify', 'disqualify'],
        summary: `Qualify lead ${lead.leadNo} from ${p.who} (score ${scored.score})`,
        context: { leadNo: lead.leadNo, score: scored.score, reasons: scored.reasons },
      });
      lead = await crm.decideLead({
        leadId: lead.id,
        decision: task.completion!.decision as 'qualify' | 'disqualify',
        reason: task.completion!.comment ?? `decided by ${task.completion!.by}`,
      });
      runtime.step('lead-decided', `${task.completion!.decision} by ${task.completion!.by}`);
    }
  }
  p.lead = lead;
  if (lead.status === 'disqualified') {
    return p.close('disqualified', lead.disqualifiedReason ?? 'disqualified');
  }

  p.stage('converting');
  p.saga.add('opportunity lost', async (reason) => {
    if (p.opportunityId) {
      await crm.markOpportunityLost({
        opportunityId: p.opportunityId,
        reason,
        processId: p.processId,
      });
    }
  });
  const converted = await crm.convertLead({
    leadId: lead.id,
    address: request.address,
    opportunityTitle: `${p.who}: ${request.lines.length} line(s)`,
  });
  const customerNo = converted.account.customerNo;
  p.customerNo = customerNo;
  p.opportunityId = converted.opportunity.id;
  p.opportunityNo = converted.opportunity.opportunityNo;
  p.result.customerNo = customerNo;
  p.result.opportunityNo = converted.opportunity.opportunityNo;
  runtime.customer(customerNo);
  runtime.document('opportunity', converted.opportunity.opportunityNo);
  const erpCustomer = await erp.upsertCustomer({
    customerNo,
    legalName: converted.account.name,
    email: request.lead.email,
    ...billingAddressOf(request.address),
  });
  await crm.linkErpCustomer({ customerNo, erpCustomerId: erpCustomer.id });
  runtime.step('converted', `${customerNo} ${converted.opportunity.opportunityNo}`);
  return undefined;
}
