import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  isCancellation,
  TemporalFailure,
} from '@temporalio/workflow';
import { ProcessFailures } from '@throughline/contracts';
import type { ProcessRuntime } from './process-runtime';

/** What ops may decide for a step that failed. */
export type AttentionDecision = 'retry' | 'skip' | 'compensate';

export const NEEDS_ATTENTION_STAGE = 'needs-attention';

/** How long an ops task for a failed step is due before it shows as overdue. */
const ATTENTION_DUE_MS = 4 * 60 * 60 * 1000;

/**
 * Thrown when ops decide to compensate a parked process: the process runs its saga and closes
 * as failed.
 */
export function compensationRequested(
  step: string,
  by: string,
  error: unknown,
): ApplicationFailure {
  return ApplicationFailure.create({
    type: ProcessFailures.compensated,
    message: `${step} failed (${describeFailure(error).message}); compensated on the decision of ${by}`,
    nonRetryable: true,
  });
}

export function isCompensationRequested(error: unknown): error is ApplicationFailure {
  return error instanceof ApplicationFailure && error.type === ProcessFailures.compensated;
}

/** The innermost readable failure (the activity's or the child's own error), with its type. */
export function describeFailure(error: unknown): { type: string; message: string } {
  let current: unknown = error;
  while (
    (current instanceof ActivityFailure || current instanceof ChildWorkflowFailure) &&
    current.cause
  ) {
    current = current.cause;
  }
  if (current instanceof ApplicationFailure) {
    return { type: current.type ?? 'error', message: current.message };
  }
  if (current instanceof TemporalFailure) {
    return { type: current.name, message: current.message };
  }
  if (current instanceof Error) return { type: current.name, message: current.message };
  return { type: 'error', message: String(current) };
}

/**
 * Failure is a state, not an exception: when a step fails for a reason the process does not
 * handle itself (an unexpected error after its retry budget, a refusal no rule expects, a child
 * that failed), the process parks. Its stage becomes `needs-attention` and ops get a task
 * naming the step, the error and what was done so far, with the decisions: retry the step,
 * compensate (run the saga and close as failed) or, where that is safe, skip it.
 */
export class Attention {
  /** Set while the saga runs: then compensating again makes no sense. */
  compensating = false;

  constructor(
    private readonly runtime: ProcessRuntime,
    /** Moves the process's stage (and its memo); the runtime's own stage() by default. */
    private readonly setStage: (stage: string) => void = (stage) => runtime.stage(stage),
  ) {}

  /**
   * Runs `work` until it succeeds, parking on each failure that `handled` does not claim.
   * Returns undefined when ops skip the step.
   */
  async attempt<T>(
    step: string,
    work: () => Promise<T>,
    options: { canSkip?: boolean; handled?: (error: unknown) => boolean } = {},
  ): Promise<T | undefined> {
    for (;;) {
      try {
        return await work();
      } catch (error) {
        if (isCancellation(error) || isCompensationRequested(error)) throw error;
        if (options.handled?.(error)) throw error;
        const decision = await this.park(step, error, options.canSkip ?? false);
        if (decision === 'skip') return undefined;
      }
    }
  }

  /** Publishes the ops task and waits for the decision; `compensate` throws. */
  private async park(step: string, error: unknown, canSkip: boolean): Promise<AttentionDecision> {
    const failure = describeFailure(error);
    const previous = this.runtime.state.stage;
    if (this.runtime.cancellationRequested && !this.compensating) {
      // Cancelled while the step was retrying: nobody needs to decide; the process ends as
      // cancelled (its undo runs), not as failed.
      throw new CancelledFailure(`cancelled while ${step} was failing: ${failure.message}`);
    }
    this.runtime.step('failed', `${step}: ${failure.type}: ${failure.message}`);
    this.setStage(NEEDS_ATTENTION_STAGE);
    const decisions: AttentionDecision[] = ['retry'];
    if (canSkip || this.compensating) decisions.push('skip');
    if (!this.compensating) decisions.push('compensate');
    const done = this.runtime.state.steps
      .filter((s) => !['failed', 'attention'].includes(s.step))
      .map((s) => s.step);
    const task = await this.runtime.ask({
      kind: 'needs-attention',
      role: 'ops',
      summary: `${step} failed (${failure.type}): ${failure.message}`.slice(0, 500),
      decisions,
      dueInMs: ATTENTION_DUE_MS,
      context: {
        step,
        errorType: failure.type,
        error: failure.message.slice(0, 2000),
        done: done.slice(-30),
        stage: previous,
      },
    });
    const decision = task.completion!.decision as AttentionDecision;
    const by = task.completion!.by;
    this.runtime.step('attention', `${step}: ${decision} by ${by}`);
    if (decision === 'compensate') throw compensationRequested(step, by, error);
    this.setStage(previous);
    return decision;
  }
}
