import type { AuditEntry, HumanTask, ProcessStep } from '@throughline/contracts';

export type ProcessStatus =
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'terminated'
  | 'timed-out'
  | 'continued-as-new'
  | 'unknown';

export interface ProcessLinks {
  self: string;
  /** The process in the Temporal Web UI (ops'); not shown to dealers' keys. */
  temporalUi?: string;
}

/** A line of GET /processes: what visibility knows, without asking the workflow. */
export interface ProcessSummaryView {
  id: string;
  type: string;
  title?: string;
  status: ProcessStatus;
  stage?: string;
  businessKey?: string;
  customerNo?: string;
  openTaskRoles: string[];
  startedBy?: string;
  startedAt: string;
  closedAt?: string;
  links: ProcessLinks;
}

/** A process as business users see it: read from the workflow (query) and Temporal. */
export interface ProcessView extends ProcessSummaryView {
  summary?: string;
  documents: Record<string, string[]>;
  steps: ProcessStep[];
  openTasks: HumanTask[];
  tasks: HumanTask[];
  audit: AuditEntry[];
  acceptedEvents: string[];
  cancellable: boolean;
  /** Who asked to cancel (not shown to dealers' keys), why and when. */
  cancellation?: { by?: string; reason: string; at: string };
  /** What the process type adds for its users (lead to cash: invoices, shipments, purchase orders). */
  details?: Record<string, unknown>;
  result?: unknown;
  failure?: { message: string; type?: string };
}

const statusNames: Record<string, ProcessStatus> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed-out',
  CONTINUED_AS_NEW: 'continued-as-new',
};

export function statusOf(temporalStatus: string): ProcessStatus {
  return statusNames[temporalStatus] ?? 'unknown';
}

/** The visibility query value of a status filter. */
export const visibilityStatus: Record<Exclude<ProcessStatus, 'unknown'>, string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  'timed-out': 'TimedOut',
  'continued-as-new': 'ContinuedAsNew',
};
