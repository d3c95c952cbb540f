import type { ProcessState, ProcessStep } from '@throughline/contracts';

export type ProcessStatus =
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'terminated'
  | 'timed-out'
  | 'continued-as-new'
  | 'unknown';

/** A process as business users see it through the API. */
export interface ProcessView {
  id: string;
  type: string;
  status: ProcessStatus;
  stage?: string;
  businessKey?: string;
  customerNo?: string;
  startedAt: string;
  closedAt?: string;
  documents: Record<string, string[]>;
  steps: ProcessStep[];
  result?: unknown;
  failure?: { message: string; type?: string };
  links: { self: string; temporalUi: string };
}

export function statusOf(temporalStatus: string): ProcessStatus {
  const map: Record<string, ProcessStatus> = {
    RUNNING: 'running',
    COMPLETED: 'completed',
    FAILED: 'failed',
    CANCELLED: 'cancelled',
    TERMINATED: 'terminated',
    TIMED_OUT: 'timed-out',
    CONTINUED_AS_NEW: 'continued-as-new',
  };
  return map[temporalStatus] ?? 'unknown';
}

export type { ProcessState };
