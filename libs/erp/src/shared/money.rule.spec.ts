import { lineAmounts, proportion, roundDiv } from './money.rule';

describe('money rules', () => {
  it('rounds half away from zero, exactly', () => {
    expect(roundDiv(5n, 2n)).toBe(3);
    expect(roundDiv(-5n, 2n)).toBe(-3);
    expect(roundDiv(4n, 3n)).toBe(1);
    expect(roundDiv(10n ** 17n + 1n, 2n)).toBe(Number(10n ** 17n / 2n + 1n));
  });

  it('prices a line once: 3 × 19.99 less 12.5 % is 52.47, 19 % tax is 9.97', () => {
    expect(lineAmounts(3, 1999, 1250, 1900)).toEqual({ netMinor: 5247, taxMinor: 997 });
  });

  it('takes the whole value when the whole quantity leaves', () => {
    expect(proportion(1001, 3, 3)).toBe(1001);
    expect(proportion(1000, 1, 3)).toBe(333);
    expect(proportion(1000, 2, 3)).toBe(667);
  });
});
