import { DomainError } from '@throughline/common';

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

/** `amount × basisPoints / 10000`, rounded half up, in exact integer arithmetic. */
export function basisPointsOf(amountMinor: number, basisPoints: number): number {
  const product = BigInt(amountMinor) * BigInt(basisPoints);
  return Number((product + 5000n) / 10000n);
}

/** 12.5 → 1250; at most two decimals, so a percentage is never silently rounded. */
export function percentToBasisPoints(percent: number): number {
  const basisPoints = Math.round(percent * 100);
  if (Math.abs(percent * 100 - basisPoints) > 1e-6) {
    throw new DomainError(
      'validation',
      'invalid-percentage',
      `${percent} % has more than two decimals`,
      {
        percent,
      },
    );
  }
  return basisPoints;
}

function invalidLine(index: number, message: string): DomainError {
  return new DomainError('validation', 'invalid-quote-line', `line ${index + 1}: ${message}`, {
    line: index + 1,
  });
}

/**
 * Prices a quote: per line gross = quantity × unit price, discount and tax rounded once on that
 * line (half up), net = gross − discount, total = net + tax. The quote's amounts are the sums of
 * its lines, so the document always adds up.
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
    const grossMinor = line.quantity * line.unitPriceMinor;
    if (!Number.isSafeInteger(grossMinor)) throw invalidLine(index, 'amount too large');
    const discountMinor = basisPointsOf(grossMinor, line.discountBasisPoints);
    const netMinor = grossMinor - discountMinor;
    const taxMinor = basisPointsOf(netMinor, taxRateBasisPoints);
    return {
      ...line,
      lineNo: index + 1,
      grossMinor,
      discountMinor,
      netMinor,
      taxMinor,
      totalMinor: netMinor + taxMinor,
    };
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
