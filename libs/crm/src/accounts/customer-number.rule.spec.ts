import { formatCustomerNo } from './customer-number.rule';

describe('customer number', () => {
  it('is C- followed by at least six digits', () => {
    expect(formatCustomerNo(42)).toBe('C-000042');
    expect(formatCustomerNo(1234567)).toBe('C-1234567');
  });
});
