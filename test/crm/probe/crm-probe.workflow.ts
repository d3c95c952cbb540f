import { proxyActivities } from '@temporalio/workflow';

export interface CrmProbeInput {
  activity: string;
  args: unknown[];
  /**
   * Start-to-close timeout of one attempt. Short only where a test makes an attempt time out on
   * purpose; otherwise long, so a slow machine never turns one attempt into two.
   */
  attemptTimeout?: '1s' | '30s';
}

type AnyActivity = (...args: unknown[]) => Promise<unknown>;

/**
 * Runs one CRM activity on the "crm" queue the way a process does, so a suite can watch
 * Temporal retry it or refuse it. Test-only: real processes live in workflows/.
 */
export async function crmProbeWorkflow(input: CrmProbeInput): Promise<unknown> {
  const activities = proxyActivities<Record<string, AnyActivity>>({
    taskQueue: 'crm',
    startToCloseTimeout: input.attemptTimeout ?? '30s',
    retry: { initialInterval: '200ms', backoffCoefficient: 1, maximumAttempts: 10 },
  });
  return activities[input.activity](...input.args);
}
