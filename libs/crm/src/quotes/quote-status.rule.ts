import type { StatusMachine } from '../shared/status-machine.rule';
import type { QuoteStatus } from './quote.entity';

/**
 * `draft → pending-approval → approved → sent → accepted | rejected | expired`. A quote that needs
 * no approval goes from draft to approved (recorded as approved by the rules); a manager may
 * reject a pending one; an unsent or unanswered quote expires at valid-until.
 */
export const quoteStatusMachine: StatusMachine<QuoteStatus> = {
  draft: ['pending-approval', 'approved', 'expired'],
  'pending-approval': ['approved', 'rejected', 'expired'],
  approved: ['sent', 'expired'],
  sent: ['accepted', 'rejected', 'expired'],
  accepted: [],
  rejected: [],
  expired: [],
};
