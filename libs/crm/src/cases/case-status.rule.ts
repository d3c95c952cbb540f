import type { StatusMachine } from '../shared/status-machine.rule';
import type { CaseStatus } from './service-case.entity';

/**
 * `open → assigned → in-progress → resolved → closed`. A case still `assigned` may be given to
 * another dealer (the first declined or did not accept in time): assigned → assigned. A case
 * that ends without work (estimate declined, no dealer, cancelled) is resolved from open or
 * assigned, with its resolution saying why.
 */
export const caseStatusMachine: StatusMachine<CaseStatus> = {
  open: ['assigned', 'resolved'],
  assigned: ['assigned', 'in-progress', 'resolved'],
  'in-progress': ['resolved'],
  resolved: ['closed'],
  closed: [],
};
