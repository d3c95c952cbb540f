import type { StatusMachine } from '../shared/status-machine.rule';
import type { OpportunityStage } from './opportunity.entity';

/**
 * `qualification → proposal → negotiation → won | lost(reason)`. An accepted quote may win straight
 * from proposal (no negotiation needed). Lost is final; won is final too, except that an order
 * cancelled before anything shipped loses the opportunity after all (the lead-to-cash saga).
 */
export const opportunityStageMachine: StatusMachine<OpportunityStage> = {
  qualification: ['proposal', 'lost'],
  proposal: ['negotiation', 'won', 'lost'],
  negotiation: ['won', 'lost'],
  won: ['lost'],
  lost: [],
};
