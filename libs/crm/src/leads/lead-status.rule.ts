import type { StatusMachine } from '../shared/status-machine.rule';
import type { LeadStatus } from './lead.entity';

/** `new → qualified → converted`, or `disqualified(reason)` while the lead is open. */
export const leadStatusMachine: StatusMachine<LeadStatus> = {
  new: ['qualified', 'disqualified'],
  qualified: ['converted', 'disqualified'],
  converted: [],
  disqualified: [],
};
