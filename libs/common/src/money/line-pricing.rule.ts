import { DomainError } from '../errors/domain-error';

/**
 * The one money rule of Throughline, used by the CRM quote and the ERP order and invoice alike:
 * amounts are integer minor units, rates and discounts integer basis points (1 % = 100 bp), and
 * every amount of a line is rounded once, half away from zero, in exact bigint arithmetic.
 * Pure: no Node built-ins, no I/O.
 */
export const BASIS_POINTS = 10_000;

/** Rounds a rational amount numerator/denominator half away from zero, exactly (bigint maths). */
export function roundDiv(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = (2n * n + d) / (2n * d);
  return Number(negative ? -rounded : rounded);
}

/** `amount × basisPoints / 10000`, rounded half away from zero. */
export function basisPointsOf(amountMinor: number, basisPoints: number): number {
  return roundDiv(BigInt(amountMinor) * BigInt(basisPoints), BigInt(BASIS_POINTS));
}

/** 12.5 → 1250; at most two decimals, so a percentage is never silently rounded. */
export function percentToBasisPoints(percent: number): number {
  const basisPoints = Math.round(percent * 100);
  if (!Number.isFinite(percent) || Math.abs(percent * 100 - basisPoints) > 1e-6) {
    throw new DomainError(
      'validation',
      'invalid-percentage',
      `${percent} % has more than two decimals`,
      { percent },
    );
  }
  return basisPoints;
}

/**
 * A rate or discount as an input gives it: in basis points, or in the legacy percent field that
 * recorded workflow histories still send (converted here, once, strictly). Giving both is
 * refused; giving neither is `undefined`, for the caller's default.
 */
export function basisPointsFromInput(
  field: string,
  basisPoints: number | undefined,
  legacyPercent: number | undefined,
): number | undefined {
  if (basisPoints !== undefined && legacyPercent !== undefined) {
    throw new DomainError(
      'validation',
      'ambiguous-rate',
      `give ${field}BasisPoints or the legacy ${field}Percent, not both`,
      { field, basisPoints, percent: legacyPercent },
    );
  }
  if (basisPoints !== undefined) return basisPoints;
  return legacyPercent === undefined ? undefined : percentToBasisPoints(legacyPercent);
}

export interface LinePricingInput {
  /** A non-negative integer in the item's unit of measure. */
  quantity: number;
  unitPriceMinor: number;
  /** 0..10000 (100 %). */
  discountBasisPoints: number;
  /** 0..10000. */
  taxRateBasisPoints: number;
}

export interface LinePrice {
  /** quantity × unit price, exact. */
  grossMinor: number;
  /** round(gross × discount bp / 10000). */
  discountMinor: number;
  /** gross − discount. */
  netMinor: number;
  /** round(net × tax bp / 10000). */
  taxMinor: number;
  /** net + tax. */
  totalMinor: number;
}

function invalidLine(message: string, input: LinePricingInput): DomainError {
  return new DomainError('validation', 'invalid-line-pricing', message, { ...input });
}

function isBasisPoints(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= BASIS_POINTS;
}

/**
 * Prices one line: gross = quantity × unit price; discount = round(gross × discount bp / 10000);
 * net = gross − discount; tax = round(net × tax bp / 10000); total = net + tax. Discount and tax
 * are each rounded once, half away from zero, so the line always adds up and a document is the
 * sum of its lines.
 */
export function priceLine(input: LinePricingInput): LinePrice {
  const { quantity, unitPriceMinor, discountBasisPoints, taxRateBasisPoints } = input;
  if (!Number.isSafeInteger(quantity) || quantity < 0)
    throw invalidLine('quantity must be a non-negative integer', input);
  if (!Number.isSafeInteger(unitPriceMinor) || unitPriceMinor < 0)
    throw invalidLine('unit price must be a non-negative integer of minor units', input);
  if (!isBasisPoints(discountBasisPoints))
    throw invalidLine('discount must be an integer 0..10000 basis points', input);
  if (!isBasisPoints(taxRateBasisPoints))
    throw invalidLine('tax rate must be an integer 0..10000 basis points', input);
  const gross = BigInt(quantity) * BigInt(unitPriceMinor);
  if (gross > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidLine('amount too large', input);
  const grossMinor = Number(gross);
  const discountMinor = basisPointsOf(grossMinor, discountBasisPoints);
  const netMinor = grossMinor - discountMinor;
  const taxMinor = basisPointsOf(netMinor, taxRateBasisPoints);
  const totalMinor = netMinor + taxMinor;
  if (!Number.isSafeInteger(totalMinor)) throw invalidLine('amount too large', input);
  return { grossMinor, discountMinor, netMinor, taxMinor, totalMinor };
}
