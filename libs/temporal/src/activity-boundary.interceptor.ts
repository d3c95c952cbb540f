import { type Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  Next,
} from '@temporalio/worker';
import type { Logger } from 'pino';
import {
  DomainError,
  isDomainError,
  isTransientError,
  redactPersonalData,
} from '@throughline/common';
import { ActivityFailureTypes, INVALID_TEXT_CODE, unsafeTextIn } from '@throughline/contracts';

export type ActivityContextWrapper = <T>(run: () => Promise<T>) => Promise<T>;

export interface ActivityBoundaryOptions {
  logger: Logger;
  /** Runs each activity inside a per-execution context (e.g. a MikroORM request context). */
  wrap?: ActivityContextWrapper;
  /**
   * Fault injection for tests: waits this long after the activity's work is done and before the
   * result is reported, the window in which a crashed worker leaves committed work unacknowledged.
   */
  delayAfterMs?: number;
  /** Only these activity types are delayed (all when unset or empty). */
  delayActivities?: string[];
  /**
   * An error that is neither a business refusal nor an infrastructure outage is tried this many
   * times, then fails non-retryably as `unexpected-error` (the process parks for ops).
   */
  unexpectedAttempts?: number;
  /**
   * Fault injection for tests: where the workflow id or the activity's arguments contain
   * `fault-<activity type>` (a lead reference, an e-mail address), the first `times` executions
   * of that activity in that workflow throw an unexpected error before doing any work.
   */
  failFault?: ActivityFailFault;
}

export const DEFAULT_UNEXPECTED_ATTEMPTS = 5;

export interface ActivityFailFault {
  times: number;
  /** Executions failed so far, by workflow id and activity type. */
  failed: Map<string, number>;
}

/**
 * The edge between Temporal and a system of record: one log line per activity execution with the
 * workflow id, and typed domain errors turned into non-retryable ApplicationFailures whose type is
 * the error code. An infrastructure error (a database or network down) retries with backoff
 * within the step's budget; any other error is unexpected: it retries a few times (a bug in a
 * rare path may be a race), then fails non-retryably as `unexpected-error`, so the process parks
 * for ops instead of retrying for ever.
 *
 * Arguments with text no system can store (NUL and other control characters, unpaired
 * surrogates; tab and line breaks are fine) are refused before the activity runs, as a
 * non-retryable `invalid-text` naming the field: PostgreSQL would refuse the write on every
 * attempt, so retrying could never succeed.
 */
export class ActivityBoundaryInterceptor implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: Context,
    private readonly options: ActivityBoundaryOptions,
  ) {}

  async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const { info } = this.ctx;
    const workflowId = info.workflowExecution?.workflowId;
    const log = this.options.logger.child({
      // Processes started before 2026-11 have e-mail addresses in their ids.
      workflowId: workflowId && redactPersonalData(workflowId),
      activity: info.activityType,
      attempt: info.attempt,
    });
    const started = Date.now();
    const wrap = this.options.wrap ?? ((run) => run());
    try {
      refuseUnstorableText(input.args);
      injectFault(
        this.options.failFault,
        info.workflowExecution?.workflowId,
        info.activityType,
        input.args,
      );
      const result = await wrap(() => next(input));
      const { delayAfterMs, delayActivities } = this.options;
      if (delayAfterMs && (!delayActivities?.length || delayActivities.includes(info.activityType)))
        await new Promise((r) => setTimeout(r, delayAfterMs));
      log.info({ ms: Date.now() - started }, 'activity completed');
      return result;
    } catch (error) {
      if (isDomainError(error)) {
        log.warn(
          { ms: Date.now() - started, code: error.code },
          `activity refused: ${error.message}`,
        );
        throw ApplicationFailure.create({
          type: error.code,
          message: error.message,
          nonRetryable: true,
          details: [{ kind: error.kind, code: error.code, details: error.details ?? {} }],
        });
      }
      const attempts = this.options.unexpectedAttempts ?? DEFAULT_UNEXPECTED_ATTEMPTS;
      if (!isTransientError(error) && info.attempt >= attempts) {
        log.error(
          { ms: Date.now() - started, err: error },
          `activity failed unexpectedly ${info.attempt} times; the step fails`,
        );
        throw ApplicationFailure.create({
          type: ActivityFailureTypes.unexpected,
          message: `${info.activityType} failed ${info.attempt} times: ${(error as Error)?.message ?? String(error)}`,
          nonRetryable: true,
        });
      }
      log.error({ ms: Date.now() - started, err: error }, 'activity failed; it will be retried');
      throw error;
    }
  }
}

/** The first argument's fields by their own path (`company`, `lines.0.sku`), others as `args.<i>.…`. */
function refuseUnstorableText(args: unknown[]): void {
  const [finding] = unsafeTextIn(args, 'free-text', 1);
  if (!finding) return;
  const [index, ...rest] = finding.path;
  const field =
    index === 0 && rest.length > 0 ? rest.join('.') : ['args', ...finding.path].join('.');
  throw new DomainError('validation', INVALID_TEXT_CODE, `${field} ${finding.message}`, { field });
}

function injectFault(
  fault: ActivityFailFault | undefined,
  workflowId: string | undefined,
  activity: string,
  args: unknown[],
): void {
  if (!fault) return;
  // Case-blind: e-mail addresses arrive lower-cased. Process ids hold no e-mail, so the arguments
  // are searched too (only with fault injection on: tests).
  const marker = `fault-${activity.toLowerCase()}`;
  const marked = (text: string | undefined) => text?.toLowerCase().includes(marker) ?? false;
  if (!marked(workflowId) && !marked(JSON.stringify(args))) return;
  const key = `${workflowId} ${activity}`;
  const failed = fault.failed.get(key) ?? 0;
  if (failed >= fault.times) return;
  fault.failed.set(key, failed + 1);
  throw new Error(`injected fault ${failed + 1} of ${fault.times} in ${activity}`);
}
