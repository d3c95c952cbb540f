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
} from '@temporalio/client';
import { ProcessRejections } from '@throughline/contracts';

const UNAVAILABLE_CODES = new Set([
  4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */,
]);

/** True when the error says Temporal could not be reached (as opposed to a refused request). */
export function isTemporalUnavailable(error: unknown): boolean {
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
