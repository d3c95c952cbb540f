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
import { TaskQueues } from '@throughline/contracts';

/**
 * Every activity call of a process runs to its end even when the process is cancelled
 * meanwhile: a write that reached CRM or ERP is always known to the workflow, so its undo can
 * run. Cancellation takes effect at the waits (tasks, events, timers, children) instead.
 */
function uninterruptible<T extends object>(activities: T): T {
  return new Proxy(activities, {
    get(target, name) {
      const call = (target as Record<string | symbol, (...args: unknown[]) => Promise<unknown>>)[
        name
      ];
      return (...args: unknown[]) => CancellationScope.nonCancellable(() => call(...args));
    },
  });
}

/** CRM and ERP activities on their own task queues, retried with backoff. */
export function systems(activityTimeoutMs: number): {
  crm: ActivityInterfaceFor<CrmActivities>;
  erp: ActivityInterfaceFor<ErpActivities>;
} {
  const options: ActivityOptions = {
    startToCloseTimeout: activityTimeoutMs,
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
  };
  return {
    crm: uninterruptible(proxyActivities<CrmActivities>({ ...options, taskQueue: TaskQueues.crm })),
    erp: uninterruptible(proxyActivities<ErpActivities>({ ...options, taskQueue: TaskQueues.erp })),
  };
}

/** The business refusal (its code) behind a failed activity, if it was one. */
export function refusalOf(error: unknown): { code: string; message: string } | undefined {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    return { code: error.cause.type ?? 'unknown', message: error.cause.message };
  }
  return undefined;
}
