import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export const IDEMPOTENT = 'throughline:idempotent';

/** The route takes an Idempotency-Key: a repeat gets the first answer, another body 422. */
export const Idempotent = (): MethodDecorator => SetMetadata(IDEMPOTENT, true);

export interface IdempotentRequest {
  /** The Workflow Update id the request's Idempotency-Key maps to. */
  idempotencyUpdateId?: string;
}

/** The Update id of the request's Idempotency-Key; undefined when it came without one. */
export const KeyedUpdateId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<IdempotentRequest>().idempotencyUpdateId,
);
