import { lineAmounts } from '../shared/money.rule';
import { nothingInvoiced, shipmentInvoiceLineAmounts } from './shipment-invoice.rule';

function orderLine(
  quantity: number,
  unitPriceMinor: number,
  discountBp: number,
  taxRateBp: number,
) {
  return {
    quantity,
    unitPriceMinor,
    discountBp,
    ...lineAmounts(quantity, unitPriceMinor, discountBp, taxRateBp),
  };
}

describe('shipment invoice lines (cumulative allocation)', () => {
  it('bills 3 × 0.75 less 5 % at 19 % shipped as 1 + 2 exactly as the order line', () => {
    // The line: 2.25 less 0.1125 → 0.11 is 2.14 net, 0.4066 → 0.41 tax.
    const line = orderLine(3, 75, 500, 1900);
    expect(line).toMatchObject({ netMinor: 214, taxMinor: 41 });
    const first = shipmentInvoiceLineAmounts(line, 1900, nothingInvoiced, 1);
    expect(first).toEqual({ netMinor: 71, taxMinor: 13 });
    // Billed on their own, the 2 units would be 1.42 net and 0.27 tax: one cent short of the
    // order line each. Cumulatively they are the rest of the line.
    expect(lineAmounts(2, 75, 500, 1900)).toEqual({ netMinor: 142, taxMinor: 27 });
    const second = shipmentInvoiceLineAmounts(line, 1900, { quantity: 1, ...first }, 2);
    expect(second).toEqual({ netMinor: 143, taxMinor: 28 });
  });

  it('closes the rounding difference on the invoice that completes the line', () => {
    // 3 × 0.05 at 10 %: one unit alone is 0.005 → 0.01 discount; the line's discount 0.015 → 0.02.
    const line = orderLine(3, 5, 1000, 1900);
    const billed = [1, 1, 1].reduce(
      (sofar, quantity) => {
        const amounts = shipmentInvoiceLineAmounts(line, 1900, sofar, quantity);
        return {
          quantity: sofar.quantity + quantity,
          netMinor: sofar.netMinor + amounts.netMinor,
          taxMinor: sofar.taxMinor + amounts.taxMinor,
        };
      },
      { ...nothingInvoiced },
    );
    expect(billed).toEqual({ quantity: 3, netMinor: line.netMinor, taxMinor: line.taxMinor });
  });

  it("bills the order line's stored amounts when the whole line ships at once", () => {
    const stored = {
      quantity: 2,
      unitPriceMinor: 1490,
      discountBp: 500,
      netMinor: 2832,
      taxMinor: 538,
    };
    expect(shipmentInvoiceLineAmounts(stored, 1900, nothingInvoiced, 2)).toEqual({
      netMinor: 2832,
      taxMinor: 538,
    });
  });

  it('refuses to invoice more than the order line holds', () => {
    const line = orderLine(3, 1490, 500, 1900);
    expect(() =>
      shipmentInvoiceLineAmounts(line, 1900, { quantity: 2, netMinor: 2831, taxMinor: 538 }, 2),
    ).toThrow(expect.objectContaining({ kind: 'business-rule', code: 'over-invoiced' }));
  });
});
