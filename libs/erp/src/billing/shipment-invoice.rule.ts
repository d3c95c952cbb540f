import { DomainError } from '@throughline/common';
import { lineAmounts, type LineAmounts } from '../shared/money.rule';

/** What an order line was sold at: its priced quantity and amounts. */
export interface OrderLinePrice {
  quantity: number;
  unitPriceMinor: number;
  discountBp: number;
  netMinor: number;
  taxMinor: number;
}

/** What earlier invoices already billed of an order line (quantity and amounts, summed). */
export interface InvoicedSoFar {
  quantity: number;
  netMinor: number;
  taxMinor: number;
}

export const nothingInvoiced: InvoicedSoFar = { quantity: 0, netMinor: 0, taxMinor: 0 };

/**
 * The amounts of one shipment's invoice line, by cumulative allocation: what the quantity
 * invoiced so far plus this shipment is worth, less what earlier invoices of the line already
 * billed. The invoice that completes the line bills exactly the rest of the order line's net and
 * tax, so however a line ships (1 + 2, 2 + 1, all at once) its invoices add up to the order to
 * the cent, and no rounding difference piles up across shipments.
 */
export function shipmentInvoiceLineAmounts(
  orderLine: OrderLinePrice,
  taxRateBp: number,
  invoiced: InvoicedSoFar,
  quantity: number,
): LineAmounts {
  const cumulative = invoiced.quantity + quantity;
  if (!Number.isSafeInteger(quantity) || quantity <= 0 || cumulative > orderLine.quantity) {
    throw new DomainError(
      'business-rule',
      'over-invoiced',
      `invoicing ${quantity} after ${invoiced.quantity} exceeds the order line's ${orderLine.quantity}`,
      { quantity, invoicedQuantity: invoiced.quantity, orderedQuantity: orderLine.quantity },
    );
  }
  const upToHere =
    cumulative === orderLine.quantity
      ? { netMinor: orderLine.netMinor, taxMinor: orderLine.taxMinor }
      : lineAmounts(cumulative, orderLine.unitPriceMinor, orderLine.discountBp, taxRateBp);
  return {
    netMinor: upToHere.netMinor - invoiced.netMinor,
    taxMinor: upToHere.taxMinor - invoiced.taxMinor,
  };
}
