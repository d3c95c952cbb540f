import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityExecuteInput } from '@temporalio/worker';
import pino from 'pino';
import { ActivityBoundaryInterceptor } from '@throughline/temporal';

/**
 * Runs an activity call through the worker's activity boundary (the interceptor every activity
 * execution passes), so a test sees what a workflow would: the result, or the failure.
 */
export async function throughBoundary<T>(activityType: string, call: () => Promise<T>): Promise<T> {
  const ctx = {
    info: { workflowExecution: { workflowId: 'test' }, activityType, attempt: 1 },
  } as unknown as Context;
  const interceptor = new ActivityBoundaryInterceptor(ctx, { logger: pino({ level: 'silent' }) });
  return (await interceptor.execute(
    { args: [], headers: {} } as unknown as ActivityExecuteInput,
    () => call(),
  )) as T;
}

/** The ApplicationFailure an activity call ends in, as the workflow receives it. */
export async function failureOf(
  activityType: string,
  call: () => Promise<unknown>,
): Promise<ApplicationFailure> {
  try {
    await throughBoundary(activityType, call);
  } catch (error) {
    if (error instanceof ApplicationFailure) return error;
    throw error;
  }
  throw new Error(`${activityType} succeeded; a failure was expected`);
}
