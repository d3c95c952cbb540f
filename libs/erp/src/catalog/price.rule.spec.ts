import { choosePrice } from './price.rule';

describe('choosing a price', () => {
  const entries = [
    { minQuantity: 10, unitPriceMinor: 900 },
    { minQuantity: 50, unitPriceMinor: 800 },
    { customerNo: 'C-000001', minQuantity: 1, unitPriceMinor: 850 },
    { customerNo: 'C-000002', minQuantity: 1, unitPriceMinor: 1100 },
  ];

  it('charges the list price to a customer without an agreement buying a few', () => {
    expect(choosePrice(1000, entries, 'C-000009', 3)).toEqual({
      unitPriceMinor: 1000,
      source: 'list',
      minQuantity: 1,
    });
  });

  it('applies the largest quantity break reached', () => {
    expect(choosePrice(1000, entries, undefined, 60)).toMatchObject({
      unitPriceMinor: 800,
      source: 'quantity-break',
      minQuantity: 50,
    });
  });

  it('applies a customer price when it is the best the customer can get', () => {
    expect(choosePrice(1000, entries, 'C-000001', 12)).toMatchObject({
      unitPriceMinor: 850,
      source: 'customer-price',
    });
  });

  it('lets a quantity break beat a customer price that is higher', () => {
    expect(choosePrice(1000, entries, 'C-000001', 50)).toMatchObject({
      unitPriceMinor: 800,
      source: 'quantity-break',
    });
  });

  it('never charges more than list because of a customer price above it', () => {
    expect(choosePrice(1000, entries, 'C-000002', 1)).toMatchObject({
      unitPriceMinor: 1000,
      source: 'list',
    });
  });

  it("uses the price list's own list price over the item's", () => {
    expect(choosePrice(1000, [{ minQuantity: 1, unitPriceMinor: 950 }], undefined, 1)).toEqual({
      unitPriceMinor: 950,
      source: 'list',
      minQuantity: 1,
    });
  });
});
