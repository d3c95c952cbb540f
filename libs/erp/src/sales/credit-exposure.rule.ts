export interface CreditPosition {
  creditLimitMinor: number;
  creditHold: boolean;
  openArMinor: number;
  openOrdersMinor: number;
}

export interface CreditDecision {
  approved: boolean;
  reason?: 'credit-hold' | 'over-limit';
  exposureMinor: number;
  availableMinor: number;
}

/**
 * Exposure = open receivables + open (not yet invoiced) orders + the new order. Approved when the
 * customer is not on hold and the exposure stays within the limit.
 */
export function decideCredit(position: CreditPosition, newOrderMinor: number): CreditDecision {
  const exposureMinor = position.openArMinor + position.openOrdersMinor + newOrderMinor;
  const availableMinor =
    position.creditLimitMinor - position.openArMinor - position.openOrdersMinor;
  if (position.creditHold) {
    return { approved: false, reason: 'credit-hold', exposureMinor, availableMinor };
  }
  if (exposureMinor > position.creditLimitMinor) {
    return { approved: false, reason: 'over-limit', exposureMinor, availableMinor };
  }
  return { approved: true, exposureMinor, availableMinor };
}
