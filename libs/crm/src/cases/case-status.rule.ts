import type { StatusMachine } from '../shared/status-machine.rule';
import type { CaseStatus } from './service-case.entity';

/**
 * `open → assigned → in-progress → resolved → closed`. A case still `assigned` may be given to
 * another dealer (the first declined or did not accept in time): assigned → assigned.
 */
export const caseStatusMachine: StatusMachine<CaseStatus> = {
  open: ['assigned'],
  assigned: ['assigned', 'in-progress'],
  'in-progress': ['resolved'],
  resolved: ['closed'],
  closed: [],
};
