import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, Role } from '../security/roles';

/** One completed step of a process, as shown in its timeline. */
export interface ProcessStep {
  step: string;
  at: string;
  detail?: string;
}

/** Who did what to the process and when: starts, cancellations, task completions, escalations. */
export interface AuditEntry {
  at: string;
  action:
    | 'started'
    | 'cancel-requested'
    | 'task-completed'
    | 'task-escalated'
    | 'task-expired'
    | 'event-received';
  by: string;
  detail?: string;
}

export type TaskStatus = 'open' | 'completed' | 'expired' | 'cancelled';

/** A human step a process waits for. */
export interface HumanTask {
  id: string;
  processId: string;
  kind: string;
  summary: string;
  /** Roles that may complete it now (grows when it escalates). */
  roles: Role[];
  decisions: string[];
  status: TaskStatus;
  createdAt: string;
  dueAt: string;
  escalation?: { role: Role; at: string };
  completion?: TaskCompletion;
  /** Data the person needs to decide (amounts, document numbers). */
  context?: Record<string, unknown>;
}

export interface TaskCompletion {
  decision: string;
  comment?: string;
  data?: Record<string, unknown>;
  by: string;
  at: string;
}

/** What every process reports about itself through the `processState` query. */
export interface ProcessState<Result = unknown> {
  type: string;
  businessKey: string;
  stage: string;
  summary: string;
  startedBy: string;
  customerNo?: string;
  /** Human document numbers the process created, by kind (e.g. { account: ['C-000042'] }). */
  documents: Record<string, string[]>;
  steps: ProcessStep[];
  tasks: HumanTask[];
  audit: AuditEntry[];
  /** Events the process can take now (POST /processes/{id}/events/{event}). */
  acceptedEvents: string[];
  cancellable: boolean;
  cancellation?: { by: string; reason: string; at: string };
  /** What the process type adds for its users (e.g. open invoice balances, tracking numbers). */
  details?: Record<string, unknown>;
  result?: Result;
}

export const processStateQuery = defineQuery<ProcessState>('processState');

export interface CompleteTaskRequest {
  taskId: string;
  decision: string;
  comment?: string;
  data?: Record<string, unknown>;
  actor: Actor;
}

export interface CancelProcessRequest {
  reason: string;
  actor: Actor;
}

export interface ProcessEventRequest {
  event: string;
  payload: Record<string, unknown>;
  actor: Actor;
}

/** Completes a human task; the validator rejects unknown tasks, wrong roles, closed tasks. */
export const completeTaskUpdate = defineUpdate<HumanTask, [CompleteTaskRequest]>('completeTask');
/** Asks the process to cancel itself; the validator rejects when it no longer can. */
export const cancelProcessUpdate = defineUpdate<ProcessState, [CancelProcessRequest]>(
  'cancelProcess',
);
/** An external event (quote accepted, carrier delivered, payment received). */
export const processEventUpdate = defineUpdate<ProcessState, [ProcessEventRequest]>('processEvent');

/**
 * Failure types the update validators raise; the API maps them to HTTP statuses.
 * They are part of the API contract: keep them stable.
 */
export const ProcessRejections = {
  taskNotFound: 'task-not-found',
  taskNotOpen: 'task-not-open',
  roleNotAllowed: 'role-not-allowed',
  invalidDecision: 'invalid-decision',
  notCancellable: 'not-cancellable',
  eventNotAccepted: 'event-not-accepted',
  /** The event is expected, but its payload does not fit (e.g. a payment above what is open). */
  eventRefused: 'event-refused',
} as const;

/** How a process that could not go on ends (its workflow failure's type). */
export const ProcessFailures = {
  /** A step failed, ops decided to compensate: the saga ran and the process closed as failed. */
  compensated: 'process-compensated',
} as const;
