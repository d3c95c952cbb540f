import { lineAmounts, proportion } from './money.rule';

describe('money rules', () => {
  it('prices a line once: 3 × 19.99 less 12.5 % is 52.47, 19 % tax is 9.97', () => {
    expect(lineAmounts(3, 1999, 1250, 1900)).toEqual({ netMinor: 5247, taxMinor: 997 });
  });

  it('rounds the discount, as the CRM quote does: 1 × 14.90 less 5 % is 14.15 net, 2.69 tax', () => {
    expect(lineAmounts(1, 1490, 500, 1900)).toEqual({ netMinor: 1415, taxMinor: 269 });
  });

  it('takes the whole value when the whole quantity leaves', () => {
    expect(proportion(1001, 3, 3)).toBe(1001);
    expect(proportion(1000, 1, 3)).toBe(333);
    expect(proportion(1000, 2, 3)).toBe(667);
  });
});
