import type { LeadToCashPolicy } from './lead-to-cash.contract';
import type { ServiceCasePolicy } from './service-case.contract';

/** Durations and limits every process takes from the API's configuration. */
export interface ProcessPolicy {
  /** Start-to-close timeout of one activity attempt, in milliseconds. */
  activityTimeoutMs: number;
  /** Thresholds, SLAs and waits of lead to cash (without the activity timeout above). */
  leadToCash: Omit<LeadToCashPolicy, 'activityTimeoutMs'>;
  /** Waits and deadlines of the service case (without the activity timeout above). */
  serviceCase: Omit<ServiceCasePolicy, 'activityTimeoutMs'>;
}

/** What the API knows when it starts a process, besides the validated input. */
export interface ProcessStartContext {
  policy: ProcessPolicy;
  /** The user who asked for the process. */
  startedBy: string;
  /** The process's business key (a reference or the subject's keyed hash; no personal data). */
  businessKey: string;
}
