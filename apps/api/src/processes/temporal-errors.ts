import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  UnprocessableEntityException,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ProcessRejections } from '@throughline/contracts';

const UNAVAILABLE_CODES = new Set([
  1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */,
]);

/** True when the error says Temporal could not be reached (as opposed to a refused request). */
export function isTemporalUnavailable(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (isGrpcServiceError(error)) return UNAVAILABLE_CODES.has(error.code);
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause && cause !== error) return isTemporalUnavailable(cause);
  const name = (error as Error | undefined)?.name;
  return name === 'TransportError' || name === 'ConnectionError';
}

/** 503 with Retry-After, for callers to try again once Temporal is back. */
export function temporalUnavailable(): ServiceUnavailableException {
  return new ServiceUnavailableException({
    code: 'temporal-unavailable',
    message: 'The process engine is not reachable right now; try again shortly.',
    retryAfter: 5,
  });
}

/**
 * True when a call that waits for the workflow ran out of time (or was cut off) before it had an
 * answer: Temporal may hold the request, but no worker has answered it yet.
 */
export function isUpdateTimeout(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  return isGrpcServiceError(error) && (error.code === 1 || error.code === 4);
}

/**
 * 503 with Retry-After when Temporal took the request but no workflow worker handled it in time:
 * it may still be applied when a worker returns; the same request (or Idempotency-Key) sent
 * again is the same Update, applied once, and answers with its outcome.
 */
export function processWorkerUnavailable(): ServiceUnavailableException {
  return new ServiceUnavailableException({
    code: 'process-worker-unavailable',
    message:
      'The process engine took the request, but no process worker handled it in time; it may ' +
      'still be applied when one returns. Send the same request again (with the same ' +
      'Idempotency-Key, if any) to learn its outcome: it is applied once.',
    retryAfter: 10,
  });
}

const rejectionStatus: Record<string, (message: string, code: string) => HttpException> = {
  [ProcessRejections.taskNotFound]: (message, code) => new NotFoundException({ code, message }),
  [ProcessRejections.taskNotOpen]: (message, code) => new ConflictException({ code, message }),
  [ProcessRejections.roleNotAllowed]: (message, code) => new ForbiddenException({ code, message }),
  [ProcessRejections.invalidDecision]: (message, code) =>
    new BadRequestException({ code, message, errors: [{ field: 'decision', message }] }),
  [ProcessRejections.notCancellable]: (message, code) => new ConflictException({ code, message }),
  [ProcessRejections.eventNotAccepted]: (message, code) => new ConflictException({ code, message }),
  [ProcessRejections.eventRefused]: (message, code) =>
    new UnprocessableEntityException({ code, message }),
};

/**
 * The HTTP error for a refused Workflow Update (the workflow's validator said no), for an
 * unreachable Temporal, or the error itself.
 */
export function translateTemporalError(error: unknown): unknown {
  // The process closed between our look at it and the request (a task expired, it finished).
  if (error instanceof WorkflowNotFoundError) {
    return new ConflictException({
      code: 'process-closed',
      message: 'The process has ended; it takes no more requests.',
    });
  }
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause as { type?: string; message?: string } | undefined;
    const make = cause?.type ? rejectionStatus[cause.type] : undefined;
    if (make && cause?.type) return make(cause.message ?? error.message, cause.type);
    return new ConflictException({
      code: 'update-rejected',
      message: cause?.message ?? error.message,
    });
  }
  return isTemporalUnavailable(error) ? temporalUnavailable() : error;
}
