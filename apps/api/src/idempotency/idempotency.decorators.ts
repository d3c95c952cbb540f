import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiHeader, ApiServiceUnavailableResponse } from '@nestjs/swagger';

export const IDEMPOTENT = 'throughline:idempotent';

/**
 * The route takes an Idempotency-Key: a repeat gets the first answer, another body 422. The
 * OpenAPI document describes the header.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Optional, 1 to 255 printable ASCII characters. A repeat from the same caller to the same ' +
        'operation within 24 h gets the first answer (same status and body) and is applied once; ' +
        'the same key with another body is 422 idempotency-key-reused.',
    }),
  );

/** The 503 of a route that sends a Workflow Update: which part is missing, and that a retry is safe. */
export const ApiUpdateUnavailableResponse = (): MethodDecorator =>
  ApiServiceUnavailableResponse({
    description:
      'Temporal unreachable (temporal-unavailable) or no process worker answered in time ' +
      '(process-worker-unavailable); Retry-After is set, and the same request again is applied once',
  });

export interface IdempotentRequest {
  /** The Workflow Update id the request's Idempotency-Key maps to. */
  idempotencyUpdateId?: string;
}

/** The Update id of the request's Idempotency-Key; undefined when it came without one. */
export const KeyedUpdateId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<IdempotentRequest>().idempotencyUpdateId,
);
