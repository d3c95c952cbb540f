import { proxyActivities } from '@temporalio/workflow';

export interface CrmProbeInput {
  activity: string;
  args: unknown[];
}

type AnyActivity = (...args: unknown[]) => Promise<unknown>;

/**
 * Runs one CRM activity on the "crm" queue the way a process does, with short attempts, so a
 * suite can watch Temporal retry it or refuse it. Test-only: real processes live in workflows/.
 */
export async function crmProbeWorkflow(input: CrmProbeInput): Promise<unknown> {
  const activities = proxyActivities<Record<string, AnyActivity>>({
    taskQueue: 'crm',
    startToCloseTimeout: '1s',
    retry: { initialInterval: '200ms', backoffCoefficient: 1, maximumAttempts: 10 },
  });
  return activities[input.activity](...input.args);
}
