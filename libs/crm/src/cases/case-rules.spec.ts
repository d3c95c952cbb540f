import { assertTransition } from '../shared/status-machine.rule';
import { addMonths, assetDates, isInWarranty } from '../assets/warranty.rule';
import { caseStatusMachine } from './case-status.rule';
import { slaDueAt } from './sla.rule';

describe('service case SLA', () => {
  const opened = new Date('2026-11-26T10:00:00Z');
  it.each([
    ['platinum', '2026-11-26T14:00:00.000Z'],
    ['gold', '2026-11-27T10:00:00.000Z'],
    ['standard', '2026-11-29T10:00:00.000Z'],
  ] as const)('for a %s customer is due at %s', (level, due) => {
    expect(slaDueAt(opened, level).toISOString()).toBe(due);
  });
});

describe('service case status', () => {
  it.each([
    ['open', 'assigned'],
    ['assigned', 'assigned'],
    ['assigned', 'in-progress'],
    ['in-progress', 'resolved'],
    // Ends without work (estimate declined, no dealer, cancelled), saying why.
    ['open', 'resolved'],
    ['assigned', 'resolved'],
    ['resolved', 'closed'],
  ] as const)('may go from %s to %s', (from, to) => {
    expect(() => assertTransition(caseStatusMachine, 'case', 'C', from, to)).not.toThrow();
  });

  it.each([
    ['open', 'closed'],
    ['assigned', 'closed'],
    ['in-progress', 'assigned'],
    ['closed', 'open'],
  ] as const)('never goes from %s to %s', (from, to) => {
    expect(() => assertTransition(caseStatusMachine, 'case', 'C', from, to)).toThrow(
      expect.objectContaining({ code: 'illegal-case-transition' }),
    );
  });
});

describe('asset warranty', () => {
  it('ends the warranty months after delivery, clamped to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-26', 24)).toBe('2028-11-26');
    expect(assetDates('2026-03-15', 12, 6)).toEqual({
      warrantyEndsOn: '2027-03-15',
      nextMaintenanceOn: '2026-09-15',
    });
  });

  it('covers the last day of the warranty and not the day after', () => {
    expect(isInWarranty('2027-03-15', new Date('2027-03-15T23:00:00Z'))).toBe(true);
    expect(isInWarranty('2027-03-15', new Date('2027-03-16T00:00:00Z'))).toBe(false);
  });
});
