import { leadStatusMachine } from './lead-status.rule';
import { type ScorableLead, scoreLead } from './lead-scoring.rule';
import { assertTransition } from '../shared/status-machine.rule';

const base: ScorableLead = {
  source: 'web',
  email: 'ada@example.com',
  itemsOfInterest: [],
  estimatedValueMinor: 0,
};

describe('lead scoring', () => {
  it.each<[string, Partial<ScorableLead>, string, number]>([
    [
      'a partner lead for a named company with phone, two items and 12,000 qualifies',
      {
        source: 'partner',
        company: 'Hopper GmbH',
        phone: '+49 30 1',
        itemsOfInterest: ['PUMP-1', 'VALVE-2'],
        estimatedValueMinor: 1_200_000,
      },
      'qualified',
      105,
    ],
    [
      'a web lead with a company, one item and 1,500 needs a person to review it',
      { company: 'Small Co', itemsOfInterest: ['PUMP-1'], estimatedValueMinor: 150_000 },
      'needs-review',
      55,
    ],
    ['a bare web lead is disqualified for a low score', {}, 'disqualified', 10],
    [
      'a lead from a disposable mailbox is disqualified whatever it is worth',
      { email: 'x@mailinator.com', source: 'partner', estimatedValueMinor: 9_000_000 },
      'disqualified',
      0,
    ],
  ])('%s', (_, lead, outcome, score) => {
    const result = scoreLead({ ...base, ...lead });
    expect(result.outcome).toBe(outcome);
    expect(result.score).toBe(score);
    expect(result.reasons.length).toBeGreaterThan(0);
  });

  it('names the reason of a disqualification', () => {
    expect(scoreLead(base).disqualifiedReason).toBe('low-score');
    expect(scoreLead({ ...base, email: 'a@yopmail.com' }).disqualifiedReason).toBe(
      'disposable-email',
    );
  });
});

describe('lead status', () => {
  it.each([
    ['new', 'qualified'],
    ['new', 'disqualified'],
    ['qualified', 'converted'],
    ['qualified', 'disqualified'],
  ] as const)('may go from %s to %s', (from, to) => {
    expect(() => assertTransition(leadStatusMachine, 'lead', 'L', from, to)).not.toThrow();
  });

  it.each([
    ['new', 'converted'],
    ['converted', 'disqualified'],
    ['disqualified', 'qualified'],
    ['converted', 'new'],
  ] as const)('never goes from %s to %s', (from, to) => {
    expect(() => assertTransition(leadStatusMachine, 'lead', 'L', from, to)).toThrow(
      expect.objectContaining({ code: 'illegal-lead-transition', kind: 'conflict' }),
    );
  });
});
