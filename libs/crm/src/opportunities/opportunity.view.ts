import type { Opportunity, OpportunityLine, OpportunityStage } from './opportunity.entity';

export interface OpportunityView {
  id: string;
  opportunityNo: string;
  customerNo: string;
  accountId: string;
  sourceLeadId?: string;
  title: string;
  stage: OpportunityStage;
  lostReason?: string;
  amountMinor: number;
  currency: string;
  lines: OpportunityLine[];
  erpDocuments: { orderNo?: string; shipmentNos: string[]; invoiceNos: string[] };
  closedAt?: string;
  createdAt: string;
}

/** Needs the account populated. */
export function toOpportunityView(opportunity: Opportunity): OpportunityView {
  return {
    id: opportunity.id,
    opportunityNo: opportunity.opportunityNo,
    customerNo: opportunity.account.customerNo,
    accountId: opportunity.account.id,
    ...(opportunity.sourceLeadId ? { sourceLeadId: opportunity.sourceLeadId } : {}),
    title: opportunity.title,
    stage: opportunity.stage,
    ...(opportunity.lostReason ? { lostReason: opportunity.lostReason } : {}),
    amountMinor: opportunity.amountMinor,
    currency: opportunity.currency,
    lines: opportunity.lines,
    erpDocuments: {
      ...(opportunity.erpOrderNo ? { orderNo: opportunity.erpOrderNo } : {}),
      shipmentNos: opportunity.erpShipmentNos,
      invoiceNos: opportunity.erpInvoiceNos,
    },
    ...(opportunity.closedAt ? { closedAt: opportunity.closedAt.toISOString() } : {}),
    createdAt: opportunity.createdAt.toISOString(),
  };
}
