import { decideCredit } from './credit-exposure.rule';

describe('credit decision', () => {
  const position = {
    creditLimitMinor: 10_000_00,
    creditHold: false,
    openArMinor: 4_000_00,
    openOrdersMinor: 3_000_00,
  };

  it('approves an order that keeps the exposure within the limit', () => {
    expect(decideCredit(position, 3_000_00)).toEqual({
      approved: true,
      exposureMinor: 10_000_00,
      availableMinor: 3_000_00,
    });
  });

  it('refuses an order one cent over the limit', () => {
    expect(decideCredit(position, 3_000_01)).toMatchObject({
      approved: false,
      reason: 'over-limit',
    });
  });

  it('refuses any order while the customer is on hold', () => {
    expect(decideCredit({ ...position, creditHold: true }, 1)).toMatchObject({
      approved: false,
      reason: 'credit-hold',
    });
  });
});
