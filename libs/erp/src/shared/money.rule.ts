/**
 * Money rules: integer minor units, rounded once per line, half away from zero. Rates and
 * discounts are basis points (1 % = 100 bp) so no float ever holds an amount.
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

export interface LineAmounts {
  netMinor: number;
  taxMinor: number;
}

/** A line's net (quantity × unit price less discount) and its tax, each rounded once. */
export function lineAmounts(
  quantity: number,
  unitPriceMinor: number,
  discountBp: number,
  taxRateBp: number,
): LineAmounts {
  const netMinor = roundDiv(
    BigInt(quantity) * BigInt(unitPriceMinor) * BigInt(BASIS_POINTS - discountBp),
    BigInt(BASIS_POINTS),
  );
  const taxMinor = roundDiv(BigInt(netMinor) * BigInt(taxRateBp), BigInt(BASIS_POINTS));
  return { netMinor, taxMinor };
}

/** The share of `total` that `part` of `whole` units carry, e.g. the value of 3 of 7 on hand. */
export function proportion(total: number, part: number, whole: number): number {
  if (part === whole) return total;
  return roundDiv(BigInt(total) * BigInt(part), BigInt(whole));
}
