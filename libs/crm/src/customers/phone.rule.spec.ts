import { isLookupPhone, normalizedPhone } from './phone.rule';

describe('phone numbers in the customer 360', () => {
  it('keeps the digits and a leading +, whatever the formatting', () => {
    expect(normalizedPhone('+49 (30) 123-45')).toBe('+493012345');
    expect(normalizedPhone('  +49 30 12345')).toBe('+493012345');
    expect(normalizedPhone('030 / 123 45')).toBe('03012345');
  });

  it('keeps a plus only in front', () => {
    expect(normalizedPhone('49+30 12345')).toBe('493012345');
    expect(normalizedPhone('49 30 12345')).not.toBe(normalizedPhone('+49 30 12345'));
  });

  it('needs five digits to look anyone up', () => {
    expect(isLookupPhone('+49 30')).toBe(false);
    expect(isLookupPhone('+49 301')).toBe(true);
  });
});
