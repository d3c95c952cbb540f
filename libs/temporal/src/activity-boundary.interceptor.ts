import { type Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  Next,
} from '@temporalio/worker';
import type { Logger } from 'pino';
import { DomainError, isDomainError } from '@throughline/common';
import { INVALID_TEXT_CODE, unsafeTextIn } from '@throughline/contracts';

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
}

/**
 * The edge between Temporal and a system of record: one log line per activity execution with the
 * workflow id, and typed domain errors turned into non-retryable ApplicationFailures whose type is
 * the error code. Anything else is an infrastructure error and retries with backoff.
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
    const log = this.options.logger.child({
      workflowId: info.workflowExecution?.workflowId,
      activity: info.activityType,
      attempt: info.attempt,
    });
    const started = Date.now();
    const wrap = this.options.wrap ?? ((run) => run());
    try {
      refuseUnstorableText(input.args);
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
