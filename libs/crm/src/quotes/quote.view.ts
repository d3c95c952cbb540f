import { approvalReasons } from './quote-pricing.rule';
import type { Quote, QuoteStatus } from './quote.entity';

export interface QuoteLineView {
  lineNo: number;
  sku: string;
  description?: string;
  quantity: number;
  unitPriceMinor: number;
  discountBasisPoints: number;
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface QuoteView {
  id: string;
  quoteNo: string;
  quoteKey: string;
  opportunityId: string;
  opportunityNo: string;
  customerNo: string;
  currency: string;
  taxRateBasisPoints: number;
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
  validUntil: string;
  status: QuoteStatus;
  /** Why the rules want a manager's approval; empty when none is needed. */
  approvalReasons: string[];
  approval?: { by: string; at: string; comment?: string };
  statusReason?: string;
  lines: QuoteLineView[];
  createdAt: string;
}

/** Needs lines, account and opportunity populated. */
export function toQuoteView(quote: Quote): QuoteView {
  const lines = quote.lines.getItems().map((line) => ({
    lineNo: line.lineNo,
    sku: line.sku,
    ...(line.description ? { description: line.description } : {}),
    quantity: line.quantity,
    unitPriceMinor: line.unitPriceMinor,
    discountBasisPoints: line.discountBasisPoints,
    grossMinor: line.grossMinor,
    discountMinor: line.discountMinor,
    netMinor: line.netMinor,
    taxMinor: line.taxMinor,
    totalMinor: line.totalMinor,
  }));
  return {
    id: quote.id,
    quoteNo: quote.quoteNo,
    quoteKey: quote.quoteKey,
    opportunityId: quote.opportunity.id,
    opportunityNo: quote.opportunity.opportunityNo,
    customerNo: quote.account.customerNo,
    currency: quote.currency,
    taxRateBasisPoints: quote.taxRateBasisPoints,
    grossMinor: quote.grossMinor,
    discountMinor: quote.discountMinor,
    netMinor: quote.netMinor,
    taxMinor: quote.taxMinor,
    totalMinor: quote.totalMinor,
    validUntil: quote.validUntil.toISOString(),
    status: quote.status,
    approvalReasons: approvalReasons({ ...quote, lines }),
    ...(quote.approvedBy && quote.approvedAt
      ? {
          approval: {
            by: quote.approvedBy,
            at: quote.approvedAt.toISOString(),
            ...(quote.approvalComment ? { comment: quote.approvalComment } : {}),
          },
        }
      : {}),
    ...(quote.statusReason ? { statusReason: quote.statusReason } : {}),
    lines,
    createdAt: quote.createdAt.toISOString(),
  };
}
