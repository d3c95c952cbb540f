import { DomainError, priceLine } from '@throughline/common';

export interface QuoteLineInput {
  sku: string;
  description?: string;
  quantity: number;
  /** As the ERP priced it, minor units. */
  unitPriceMinor: number;
  /** 0–10000 (100.00 %). */
  discountBasisPoints: number;
}

export interface PricedQuoteLine extends QuoteLineInput {
  lineNo: number;
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface PricedQuote {
  lines: PricedQuoteLine[];
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}

function invalidLine(index: number, message: string): DomainError {
  return new DomainError('validation', 'invalid-quote-line', `line ${index + 1}: ${message}`, {
    line: index + 1,
  });
}

/**
 * Prices a quote line by line with the one money rule (`priceLine` in libs/common, which the ERP
 * order and invoice use too): gross = quantity × unit price, discount = round(gross × bp / 10000),
 * net = gross − discount, tax = round(net × tax bp / 10000), each rounded once, half away from
 * zero. The quote's amounts are the sums of its lines, so the document always adds up.
 */
export function priceQuote(lines: QuoteLineInput[], taxRateBasisPoints: number): PricedQuote {
  if (lines.length === 0)
    throw new DomainError('validation', 'quote-without-lines', 'a quote needs at least one line');
  if (
    !Number.isInteger(taxRateBasisPoints) ||
    taxRateBasisPoints < 0 ||
    taxRateBasisPoints > 10_000
  ) {
    throw new DomainError(
      'validation',
      'invalid-tax-rate',
      `tax rate ${taxRateBasisPoints} bp is out of range`,
    );
  }
  const priced = lines.map((line, index): PricedQuoteLine => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0)
      throw invalidLine(index, 'quantity must be a positive integer');
    if (!Number.isSafeInteger(line.unitPriceMinor) || line.unitPriceMinor < 0)
      throw invalidLine(index, 'unit price must be a non-negative integer of minor units');
    if (
      !Number.isInteger(line.discountBasisPoints) ||
      line.discountBasisPoints < 0 ||
      line.discountBasisPoints > 10_000
    )
      throw invalidLine(index, 'discount must be between 0 and 100 %');
    if (!Number.isSafeInteger(line.quantity * line.unitPriceMinor))
      throw invalidLine(index, 'amount too large');
    const amounts = priceLine({
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      discountBasisPoints: line.discountBasisPoints,
      taxRateBasisPoints,
    });
    return { ...line, lineNo: index + 1, ...amounts };
  });
  const sum = (pick: (line: PricedQuoteLine) => number): number =>
    priced.reduce((total, line) => total + pick(line), 0);
  return {
    lines: priced,
    grossMinor: sum((l) => l.grossMinor),
    discountMinor: sum((l) => l.discountMinor),
    netMinor: sum((l) => l.netMinor),
    taxMinor: sum((l) => l.taxMinor),
    totalMinor: sum((l) => l.totalMinor),
  };
}

export interface QuoteApprovalPolicy {
  /** A line discount above this needs a sales manager (basis points). */
  maxDiscountBasisPoints: number;
  /** A total above this needs a sales manager (minor units). */
  maxTotalMinor: number;
}

export const defaultQuoteApprovalPolicy: QuoteApprovalPolicy = {
  maxDiscountBasisPoints: 1500,
  maxTotalMinor: 5_000_000,
};

/** Why a quote needs a manager's approval; empty when the rules approve it. */
export function approvalReasons(
  quote: PricedQuote,
  policy: QuoteApprovalPolicy = defaultQuoteApprovalPolicy,
): string[] {
  const reasons: string[] = [];
  const maxDiscount = Math.max(...quote.lines.map((l) => l.discountBasisPoints));
  if (maxDiscount > policy.maxDiscountBasisPoints) {
    reasons.push(`discount ${maxDiscount / 100} % above ${policy.maxDiscountBasisPoints / 100} %`);
  }
  if (quote.totalMinor > policy.maxTotalMinor) {
    reasons.push(`total ${quote.totalMinor} above ${policy.maxTotalMinor} (minor units)`);
  }
  return reasons;
}
