export type AppliedPriceSource = 'list' | 'customer-price' | 'quantity-break';

export interface PriceEntry {
  customerNo?: string | null;
  minQuantity: number;
  unitPriceMinor: number;
}

export interface ChosenPrice {
  unitPriceMinor: number;
  source: AppliedPriceSource;
  /** The break quantity the price starts at (1 for a list price). */
  minQuantity: number;
}

const preference: Record<AppliedPriceSource, number> = {
  'customer-price': 0,
  'quantity-break': 1,
  list: 2,
};

/**
 * The unit price of `quantity` units for a customer. Candidates: the list price (the price
 * list's own entry for everyone from 1 unit, else the item's list price); the largest quantity
 * break reached; the customer's own price with the largest break reached. The customer pays the
 * lowest candidate; on a tie the more specific source is reported (customer, break, list).
 */
export function choosePrice(
  itemListPriceMinor: number,
  entries: PriceEntry[],
  customerNo: string | undefined,
  quantity: number,
): ChosenPrice {
  const reached = (e: PriceEntry): boolean => e.minQuantity <= quantity;
  const largestBreak = (list: PriceEntry[]): PriceEntry | undefined =>
    list.filter(reached).sort((a, b) => b.minQuantity - a.minQuantity)[0];

  const everyone = entries.filter((e) => !e.customerNo);
  const listEntry = everyone.find((e) => e.minQuantity === 1);
  const candidates: ChosenPrice[] = [
    {
      unitPriceMinor: listEntry?.unitPriceMinor ?? itemListPriceMinor,
      source: 'list',
      minQuantity: 1,
    },
  ];
  const quantityBreak = largestBreak(everyone.filter((e) => e.minQuantity > 1));
  if (quantityBreak) {
    candidates.push({
      unitPriceMinor: quantityBreak.unitPriceMinor,
      source: 'quantity-break',
      minQuantity: quantityBreak.minQuantity,
    });
  }
  const own = customerNo
    ? largestBreak(entries.filter((e) => e.customerNo === customerNo))
    : undefined;
  if (own) {
    candidates.push({
      unitPriceMinor: own.unitPriceMinor,
      source: 'customer-price',
      minQuantity: own.minQuantity,
    });
  }
  return candidates.sort(
    (a, b) => a.unitPriceMinor - b.unitPriceMinor || preference[a.source] - preference[b.source],
  )[0];
}
