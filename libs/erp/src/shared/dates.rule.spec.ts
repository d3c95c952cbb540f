import { addDays, addMonths, daysBetween, isIsoDate } from './dates.rule';

describe('date rules', () => {
  it('adds payment terms across a month end', () => {
    expect(addDays('2026-01-15', 30)).toBe('2026-02-14');
  });

  it('adds warranty months and clamps to the last day of a short month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-03-10', 24)).toBe('2028-03-10');
  });

  it('counts days overdue', () => {
    expect(daysBetween('2026-02-14', '2026-03-16')).toBe(30);
  });

  it('knows a real date', () => {
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-28')).toBe(true);
  });
});
