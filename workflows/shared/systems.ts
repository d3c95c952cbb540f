import {
  type ActivityInterfaceFor,
  type ActivityOptions,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  proxyActivities,
} from '@temporalio/workflow';
import type { CrmActivities } from '@throughline/activities/crm';
import type { ErpActivities } from '@throughline/activities/erp';
import type { ProcessRecordsActivities } from '@throughline/activities/processes';
import { ActivityFailureTypes, TaskQueues } from '@throughline/contracts';
import type { Attention } from './attention';

/**
 * How long one step keeps retrying an infrastructure error (a system down, a lost connection)
 * before the process parks and asks ops. Unexpected errors stop sooner: the activity boundary
 * turns them non-retryable after a few attempts (ACTIVITY_UNEXPECTED_ATTEMPTS).
 */
export const STEP_RETRY_BUDGET = '30 minutes';

/** Steps whose failure a process may skip when ops decide so: bookkeeping, never a document. */
const skippable = new Set<string>(['appendTimeline', 'linkErpDocuments']);

/** Refusal codes a process handles itself, by activity ('*': every refusal of that activity). */
export type HandledRefusals = Partial<Record<string, readonly string[] | '*'>>;

export interface SystemsOptions {
  /** Parks the process on a failure nobody handles; without it failures propagate. */
  attention?: Attention;
  handled?: HandledRefusals;
}

/**
 * Every activity call of a process runs to its end even when the process is cancelled
 * meanwhile: a write that reached CRM or ERP is always known to the workflow, so its undo can
 * run. Cancellation takes effect at the waits (tasks, events, timers, children) instead, and
 * reaches a step that keeps failing when its retry budget runs out.
 */
function uninterruptible<T extends object>(
  system: string,
  activities: T,
  options: SystemsOptions,
): T {
  const { attention, handled = {} } = options;
  return new Proxy(activities, {
    get(target, name) {
      const call = (target as Record<string | symbol, (...args: unknown[]) => Promise<unknown>>)[
        name
      ];
      const activity = String(name);
      const run = (args: unknown[]) => CancellationScope.nonCancellable(() => call(...args));
      if (!attention) return (...args: unknown[]) => run(args);
      const codes = handled[activity];
      const isHandled = (error: unknown): boolean => {
        const refusal = refusalOf(error);
        if (!refusal || refusal.code === ActivityFailureTypes.unexpected) return false;
        // The saga records a refused undo and goes on with the others.
        if (attention.compensating) return true;
        return codes === '*' || (codes?.includes(refusal.code) ?? false);
      };
      return (...args: unknown[]) =>
        attention.attempt(`${system}.${activity}`, () => run(args), {
          canSkip: skippable.has(activity),
          handled: isHandled,
        });
    },
  });
}

/** CRM and ERP activities on their own task queues, retried with backoff within a budget. */
export function systems(
  activityTimeoutMs: number,
  options: SystemsOptions = {},
): {
  crm: ActivityInterfaceFor<CrmActivities>;
  erp: ActivityInterfaceFor<ErpActivities>;
  /** What Temporal holds about the processes themselves (the orchestrator's own queue). */
  records: ActivityInterfaceFor<ProcessRecordsActivities>;
} {
  const activityOptions: ActivityOptions = {
    startToCloseTimeout: activityTimeoutMs,
    scheduleToCloseTimeout: STEP_RETRY_BUDGET,
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
  };
  return {
    crm: uninterruptible(
      'crm',
      proxyActivities<CrmActivities>({ ...activityOptions, taskQueue: TaskQueues.crm }),
      options,
    ),
    erp: uninterruptible(
      'erp',
      proxyActivities<ErpActivities>({ ...activityOptions, taskQueue: TaskQueues.erp }),
      options,
    ),
    records: uninterruptible(
      'records',
      proxyActivities<ProcessRecordsActivities>({
        ...activityOptions,
        taskQueue: TaskQueues.processes,
      }),
      options,
    ),
  };
}

/** The business refusal (its code) behind a failed activity, if it was one. */
export function refusalOf(error: unknown): { code: string; message: string } | undefined {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    return { code: error.cause.type ?? 'unknown', message: error.cause.message };
  }
  return undefined;
}
