import {
  ERASED_TEXT,
  erasedCustomerName,
  erasedDetails,
  erasedEmail,
  erasedReason,
  isItemReference,
  isReference,
  referencesIn,
} from './erasure.rule';

describe('erasure rules', () => {
  it('names an erased customer by its customerNo, and gives each record its own placeholder e-mail', () => {
    expect(erasedCustomerName('C-000042')).toBe('Erased customer C-000042');
    expect(erasedEmail('lead', 'L-000007')).toBe('erased.lead.l-000007@erased.invalid');
    expect(erasedEmail('contact', '0b6f…/x y')).toBe('erased.contact.0b6f-x-y@erased.invalid');
    expect(erasedEmail('lead', 'L-000007')).not.toBe(erasedEmail('lead', 'L-000008'));
  });

  it('keeps reason codes and erases what people wrote', () => {
    expect(erasedReason('low-score')).toBe('low-score');
    expect(erasedReason('Ada said she moved to Paris')).toBe(ERASED_TEXT);
    expect(erasedReason(ERASED_TEXT)).toBe(ERASED_TEXT);
    expect(erasedReason(undefined)).toBeUndefined();
    expect(erasedReason(null)).toBeUndefined();
  });

  it.each([
    ['SO-000123', true],
    ['C-000001', true],
    ['quote:Q-000042', true],
    ['lead-to-cash:s-1f6e0a', true],
    ['2026-12-01', true],
    ['2026-12-01T10:00:00.000Z', true],
    ['Ada Lovelace', false],
    ['Ada', false],
    ['ada@example.com', false],
    ['+49 30 1234567', false],
    ['030-1234567', false],
    ['DE89370400440532013000', false],
    ['10115', false],
    ['Friedrichstraße 100', false],
  ])('%s is a reference: %s', (text, expected) => {
    expect(isReference(text)).toBe(expected);
  });

  it('keeps sku-like items and drops free text', () => {
    expect(isItemReference('EB-CITY-500')).toBe(true);
    expect(isItemReference('a bike for my daughter')).toBe(false);
    expect(isItemReference('ada@example.com')).toBe(false);
  });

  it('keeps the numbers and references of details and drops names, reasons and e-mail addresses', () => {
    const details = {
      orderNo: 'SO-000123',
      invoiceNos: ['INV-000001', 'INV-000002'],
      balanceMinor: 1200,
      paid: true,
      reason: 'INV-1 disputed by Ada',
      contactName: 'A-1',
      email: 'ada@example.com',
      note: 'call Ada',
      shortfall: [{ sku: 'EB-CITY-500', quantity: 2, by: 'Ada' }],
      'who is ada@example.com': 'X-1',
      nested: { city: 'Berlin', dueDate: '2026-12-01', who: 'Ada Lovelace' },
    };
    const kept = erasedDetails(details);
    expect(kept).toEqual({
      orderNo: 'SO-000123',
      invoiceNos: ['INV-000001', 'INV-000002'],
      balanceMinor: 1200,
      paid: true,
      shortfall: [{ sku: 'EB-CITY-500', quantity: 2 }],
      nested: { dueDate: '2026-12-01' },
    });
    expect(erasedDetails(kept)).toEqual(kept);
    expect(referencesIn(details)).toEqual([
      'SO-000123',
      'INV-000001',
      'INV-000002',
      'EB-CITY-500',
      '2026-12-01',
    ]);
  });
});
