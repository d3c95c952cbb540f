import { assertTransition } from '../shared/status-machine.rule';
import { opportunityStageMachine } from './opportunity-stage.rule';

describe('opportunity stages', () => {
  it.each([
    ['qualification', 'proposal'],
    ['proposal', 'negotiation'],
    ['proposal', 'won'],
    ['negotiation', 'won'],
    ['negotiation', 'lost'],
    ['qualification', 'lost'],
    ['won', 'lost'],
  ] as const)('may go from %s to %s', (from, to) => {
    expect(() =>
      assertTransition(opportunityStageMachine, 'opportunity', 'O', from, to),
    ).not.toThrow();
  });

  it.each([
    ['qualification', 'won'],
    ['lost', 'won'],
    ['won', 'negotiation'],
    ['negotiation', 'proposal'],
  ] as const)('never goes from %s to %s', (from, to) => {
    expect(() => assertTransition(opportunityStageMachine, 'opportunity', 'O', from, to)).toThrow(
      expect.objectContaining({ code: 'illegal-opportunity-transition' }),
    );
  });
});
