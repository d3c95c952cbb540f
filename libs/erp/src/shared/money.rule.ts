import { priceLine, roundDiv } from '@throughline/common';

/**
 * ERP money: the one line rule of libs/common (integer minor units and basis points, each amount
 * rounded once, half away from zero), seen as the net and tax an ERP document line stores.
 */
export interface LineAmounts {
  netMinor: number;
  taxMinor: number;
}

/**
 * A line's net (quantity × unit price less the rounded discount) and its tax, by `priceLine`,
 * the rule the CRM quote uses too, so quote, order and invoice agree to the cent.
 */
export function lineAmounts(
  quantity: number,
  unitPriceMinor: number,
  discountBp: number,
  taxRateBp: number,
): LineAmounts {
  const { netMinor, taxMinor } = priceLine({
    quantity,
    unitPriceMinor,
    discountBasisPoints: discountBp,
    taxRateBasisPoints: taxRateBp,
  });
  return { netMinor, taxMinor };
}

/** The share of `total` that `part` of `whole` units carry, e.g. the value of 3 of 7 on hand. */
export function proportion(total: number, part: number, whole: number): number {
  if (part === whole) return total;
  return roundDiv(BigInt(total) * BigInt(part), BigInt(whole));
}
