import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes that let ops find processes in the Temporal UI
 * (e.g. `CustomerNo="C-000042" AND ProcessStage="awaiting-payment"`).
 * search-attributes.json lists the same names for the scripts that register them on a server.
 */
export const SearchAttributes = {
  customerNo: defineSearchAttributeKey('CustomerNo', SearchAttributeType.KEYWORD),
  processStage: defineSearchAttributeKey('ProcessStage', SearchAttributeType.KEYWORD),
  businessKey: defineSearchAttributeKey('BusinessKey', SearchAttributeType.KEYWORD),
  /** The keyed hash of the person a process is for (libs/common subjectKey); never the e-mail. */
  subjectKey: defineSearchAttributeKey('SubjectKey', SearchAttributeType.KEYWORD),
  leadId: defineSearchAttributeKey('LeadId', SearchAttributeType.KEYWORD),
  quoteNo: defineSearchAttributeKey('QuoteNo', SearchAttributeType.KEYWORD),
  orderNo: defineSearchAttributeKey('OrderNo', SearchAttributeType.KEYWORD),
  invoiceNos: defineSearchAttributeKey('InvoiceNos', SearchAttributeType.KEYWORD_LIST),
  caseNo: defineSearchAttributeKey('CaseNo', SearchAttributeType.KEYWORD),
  /** The dealer a service case is offered to or assigned to (a dealer's key sees only these). */
  dealerCode: defineSearchAttributeKey('DealerCode', SearchAttributeType.KEYWORD),
  assetSerial: defineSearchAttributeKey('AssetSerial', SearchAttributeType.KEYWORD),
  openTaskRoles: defineSearchAttributeKey('OpenTaskRoles', SearchAttributeType.KEYWORD_LIST),
} as const;
