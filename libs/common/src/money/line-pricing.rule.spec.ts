import {
  basisPointsFromInput,
  basisPointsOf,
  percentToBasisPoints,
  priceLine,
  roundDiv,
} from './line-pricing.rule';

describe('the line pricing rule', () => {
  it('rounds half away from zero, exactly', () => {
    expect(roundDiv(5n, 2n)).toBe(3);
    expect(roundDiv(-5n, 2n)).toBe(-3);
    expect(roundDiv(5n, -2n)).toBe(-3);
    expect(roundDiv(4n, 3n)).toBe(1);
    expect(roundDiv(10n ** 17n + 1n, 2n)).toBe(Number(10n ** 17n / 2n + 1n));
  });

  it('takes basis points of an amount exactly, even for large amounts', () => {
    expect(basisPointsOf(1490, 500)).toBe(75);
    expect(basisPointsOf(900_719_925_474_099, 1900)).toBe(171_136_785_840_079);
  });

  it('prices 1 × 14.90 less 5 % at 19 %: discount 0.75, net 14.15, tax 2.69, total 16.84', () => {
    expect(
      priceLine({
        quantity: 1,
        unitPriceMinor: 1490,
        discountBasisPoints: 500,
        taxRateBasisPoints: 1900,
      }),
    ).toEqual({
      grossMinor: 1490,
      discountMinor: 75,
      netMinor: 1415,
      taxMinor: 269,
      totalMinor: 1684,
    });
  });

  it('prices 3 × 33.33 less 12.5 % at 19 %, each amount rounded once', () => {
    // 99.99; 12.49875 → 12.50; net 87.49; 16.6231 → 16.62.
    expect(
      priceLine({
        quantity: 3,
        unitPriceMinor: 3333,
        discountBasisPoints: 1250,
        taxRateBasisPoints: 1900,
      }),
    ).toEqual({
      grossMinor: 9999,
      discountMinor: 1250,
      netMinor: 8749,
      taxMinor: 1662,
      totalMinor: 10411,
    });
  });

  it('keeps a 100 % discount at zero and a zero quantity at zero', () => {
    expect(
      priceLine({
        quantity: 2,
        unitPriceMinor: 1999,
        discountBasisPoints: 10_000,
        taxRateBasisPoints: 1900,
      }),
    ).toMatchObject({ netMinor: 0, taxMinor: 0, totalMinor: 0 });
    expect(
      priceLine({
        quantity: 0,
        unitPriceMinor: 1999,
        discountBasisPoints: 0,
        taxRateBasisPoints: 1900,
      }),
    ).toMatchObject({ grossMinor: 0, totalMinor: 0 });
  });

  it.each([
    { quantity: -1, unitPriceMinor: 100, discountBasisPoints: 0, taxRateBasisPoints: 0 },
    { quantity: 1.5, unitPriceMinor: 100, discountBasisPoints: 0, taxRateBasisPoints: 0 },
    { quantity: 1, unitPriceMinor: -1, discountBasisPoints: 0, taxRateBasisPoints: 0 },
    { quantity: 1, unitPriceMinor: 100, discountBasisPoints: 10_001, taxRateBasisPoints: 0 },
    { quantity: 1, unitPriceMinor: 100, discountBasisPoints: 12.5, taxRateBasisPoints: 0 },
    { quantity: 1, unitPriceMinor: 100, discountBasisPoints: 0, taxRateBasisPoints: -1 },
    {
      quantity: 2,
      unitPriceMinor: Number.MAX_SAFE_INTEGER,
      discountBasisPoints: 0,
      taxRateBasisPoints: 0,
    },
  ])('refuses %j with a typed validation error', (input) => {
    expect(() => priceLine(input)).toThrow(
      expect.objectContaining({ kind: 'validation', code: 'invalid-line-pricing' }),
    );
  });

  it('reads percentages with at most two decimals', () => {
    expect(percentToBasisPoints(12.5)).toBe(1250);
    expect(percentToBasisPoints(19)).toBe(1900);
    expect(percentToBasisPoints(12.34)).toBe(1234);
    expect(() => percentToBasisPoints(12.345)).toThrow(
      expect.objectContaining({ code: 'invalid-percentage' }),
    );
    expect(() => percentToBasisPoints(Number.NaN)).toThrow(
      expect.objectContaining({ code: 'invalid-percentage' }),
    );
  });

  it('round-trips every basis point through the legacy percent exactly', () => {
    for (let bp = 0; bp <= 10_000; bp++) expect(percentToBasisPoints(bp / 100)).toBe(bp);
  });

  it('takes a rate in basis points or in the legacy percent, never both', () => {
    expect(basisPointsFromInput('discount', 1250, undefined)).toBe(1250);
    expect(basisPointsFromInput('discount', undefined, 12.5)).toBe(1250);
    expect(basisPointsFromInput('discount', undefined, undefined)).toBeUndefined();
    expect(() => basisPointsFromInput('discount', 1250, 12.5)).toThrow(
      expect.objectContaining({ kind: 'validation', code: 'ambiguous-rate' }),
    );
    expect(() => basisPointsFromInput('taxRate', undefined, 7.125)).toThrow(
      expect.objectContaining({ code: 'invalid-percentage' }),
    );
  });
});
