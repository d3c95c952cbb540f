import { assertTransition } from '../shared/status-machine.rule';
import { approvalReasons, priceQuote } from './quote-pricing.rule';
import { quoteStatusMachine } from './quote-status.rule';

describe('quote arithmetic', () => {
  it('rounds discount and tax once per line, half away from zero, and sums the lines', () => {
    // 3 × 33.33 = 99.99; 12.5 % discount = 12.49875 → 12.50; net 87.49; 19 % tax = 16.6231 → 16.62
    // 1 × 0.05 with 10 % discount = 0.005 → 0.01; net 0.04; tax 0.0076 → 0.01
    const quote = priceQuote(
      [
        { sku: 'A', quantity: 3, unitPriceMinor: 3333, discountBasisPoints: 1250 },
        { sku: 'B', quantity: 1, unitPriceMinor: 5, discountBasisPoints: 1000 },
      ],
      1900,
    );
    expect(
      quote.lines.map((l) => [l.grossMinor, l.discountMinor, l.netMinor, l.taxMinor, l.totalMinor]),
    ).toEqual([
      [9999, 1250, 8749, 1662, 10411],
      [5, 1, 4, 1, 5],
    ]);
    expect(quote).toMatchObject({
      grossMinor: 10004,
      discountMinor: 1251,
      netMinor: 8753,
      taxMinor: 1663,
      totalMinor: 10416,
    });
  });

  it('differs from rounding the whole quote once: each line is rounded on its own', () => {
    // Three lines of 0.05 at 10 %: per line 0.005 → 0.01 each (0.03); on the sum it would be 0.015 → 0.02.
    const quote = priceQuote(
      Array.from({ length: 3 }, () => ({
        sku: 'C',
        quantity: 1,
        unitPriceMinor: 5,
        discountBasisPoints: 1000,
      })),
      0,
    );
    expect(quote.discountMinor).toBe(3);
    expect(quote.totalMinor).toBe(12);
  });

  it('keeps a 100 % discount line at zero, tax included', () => {
    const quote = priceQuote(
      [{ sku: 'FREE', quantity: 2, unitPriceMinor: 1999, discountBasisPoints: 10_000 }],
      1900,
    );
    expect(quote.totalMinor).toBe(0);
  });

  it('rounds the discount, not the net: 1 × 14.90 less 5 % is 14.15 net, 16.84 total', () => {
    // 5 % of 14.90 = 0.745 → 0.75 (half away from zero); net 14.15; 19 % tax 2.6885 → 2.69.
    const quote = priceQuote(
      [{ sku: 'A', quantity: 1, unitPriceMinor: 1490, discountBasisPoints: 500 }],
      1900,
    );
    expect(quote).toMatchObject({ discountMinor: 75, netMinor: 1415, taxMinor: 269 });
    expect(quote.totalMinor).toBe(1684);
  });

  it('is exact for large amounts', () => {
    const quote = priceQuote(
      [{ sku: 'A', quantity: 1, unitPriceMinor: 900_719_925_474_099, discountBasisPoints: 0 }],
      1900,
    );
    expect(quote.taxMinor).toBe(171_136_785_840_079);
  });

  it.each([
    [
      [{ sku: 'A', quantity: 0, unitPriceMinor: 100, discountBasisPoints: 0 }],
      'invalid-quote-line',
    ],
    [
      [{ sku: 'A', quantity: 1.5, unitPriceMinor: 100, discountBasisPoints: 0 }],
      'invalid-quote-line',
    ],
    [[{ sku: 'A', quantity: 1, unitPriceMinor: -1, discountBasisPoints: 0 }], 'invalid-quote-line'],
    [
      [{ sku: 'A', quantity: 1, unitPriceMinor: 100, discountBasisPoints: 10_001 }],
      'invalid-quote-line',
    ],
    [[], 'quote-without-lines'],
  ])('refuses invalid lines %j with a typed validation error', (lines, code) => {
    expect(() => priceQuote(lines, 1900)).toThrow(
      expect.objectContaining({ kind: 'validation', code }),
    );
  });

  it('asks a manager to approve a discount above 15 % or a total above 50,000', () => {
    const small = priceQuote(
      [{ sku: 'A', quantity: 1, unitPriceMinor: 10_000, discountBasisPoints: 1500 }],
      1900,
    );
    const discounted = priceQuote(
      [{ sku: 'A', quantity: 1, unitPriceMinor: 10_000, discountBasisPoints: 2000 }],
      1900,
    );
    const large = priceQuote(
      [{ sku: 'A', quantity: 100, unitPriceMinor: 100_000, discountBasisPoints: 0 }],
      1900,
    );
    expect(approvalReasons(small)).toEqual([]);
    expect(approvalReasons(discounted)).toEqual(['discount 20 % above 15 %']);
    expect(approvalReasons(large)).toHaveLength(1);
  });
});

describe('quote status', () => {
  it.each([
    ['draft', 'pending-approval'],
    ['draft', 'approved'],
    ['pending-approval', 'approved'],
    ['approved', 'sent'],
    ['sent', 'accepted'],
    ['sent', 'rejected'],
    ['sent', 'expired'],
  ] as const)('may go from %s to %s', (from, to) => {
    expect(() => assertTransition(quoteStatusMachine, 'quote', 'Q', from, to)).not.toThrow();
  });

  it.each([
    ['draft', 'sent'],
    ['pending-approval', 'sent'],
    ['accepted', 'rejected'],
    ['expired', 'accepted'],
    ['approved', 'accepted'],
  ] as const)('never goes from %s to %s', (from, to) => {
    expect(() => assertTransition(quoteStatusMachine, 'quote', 'Q', from, to)).toThrow(
      expect.objectContaining({ code: 'illegal-quote-transition' }),
    );
  });
});
