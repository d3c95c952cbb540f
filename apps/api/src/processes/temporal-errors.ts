import { ServiceUnavailableException } from '@nestjs/common';
import { isGrpcServiceError } from '@temporalio/client';

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
