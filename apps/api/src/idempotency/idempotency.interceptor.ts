import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, type Observable, of } from 'rxjs';
import {
  type AuthenticatedRequest,
  problemOf,
  ProblemResponse,
  type ProblemDetails,
  ValidationProblem,
} from '@throughline/common';
import { IDEMPOTENT, type IdempotentRequest } from './idempotency.decorators';
import { IdempotencyService } from './idempotency.service';

/** Where @nestjs/swagger keeps @ApiBody (its DECORATORS.API_PARAMETERS, not exported). */
const SWAGGER_PARAMETERS = 'swagger/apiParameters';

/** 1 to 255 printable ASCII characters (space to tilde). */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

type ApiRequest = Request & AuthenticatedRequest & IdempotentRequest;

/**
 * For POST routes: a body the OpenAPI document marks required must be there (an empty request
 * is 400, not `{}`), and an `Idempotency-Key` gets the first answer back for a repeat (same
 * status, Location and body), or 422 `idempotency-key-reused` for another body. The key also
 * names the Workflow Update the request becomes (see IdempotencyService), so an attempt that
 * timed out and its retry are one Update in Temporal.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly records: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<ApiRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    if (req.method !== 'POST') return next.handle();
    if (req.body === undefined && this.bodyRequired(context)) {
      throw new ValidationProblem([
        { field: '(body)', message: 'This request needs a JSON body; none was sent.' },
      ]);
    }
    const header = req.headers['idempotency-key'];
    if (header === undefined || !this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())) {
      return next.handle();
    }
    const key = Array.isArray(header) ? header.join(', ') : header;
    if (!KEY_PATTERN.test(key)) {
      throw new ValidationProblem([
        { field: 'Idempotency-Key', message: '1 to 255 printable ASCII characters' },
      ]);
    }
    const actor = req.actor;
    if (!actor) return next.handle();
    const begun = await this.records.begin(
      {
        userId: actor.userId,
        method: req.method,
        route: (req.route as { path?: string } | undefined)?.path ?? req.path,
        params: { ...req.params },
        key,
      },
      req.body,
    );
    if (begun.kind === 'reused') {
      throw new UnprocessableEntityException({
        code: 'idempotency-key-reused',
        message:
          'This Idempotency-Key was used for a different request; use a new key for a new request.',
      });
    }
    res.setHeader('Idempotency-Key', key);
    if (begun.kind === 'replay') {
      const { status, location, body } = begun.answer;
      res.setHeader('Idempotent-Replayed', 'true');
      if (status >= 400) throw new ProblemResponse(JSON.parse(body) as ProblemDetails);
      res.status(status);
      if (location) res.location(location);
      return of(JSON.parse(body) as unknown);
    }
    req.idempotencyUpdateId = begun.updateId;
    const { recordId } = begun;
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          this.records
            .complete(recordId, {
              status: res.statusCode,
              body: JSON.stringify(body ?? null),
              ...(typeof res.getHeader('location') === 'string'
                ? { location: res.getHeader('location') as string }
                : {}),
            })
            .then(() => body),
        ),
      ),
      catchError((error: unknown) => {
        const problem = problemOf(error);
        // A final answer (the request was refused) is kept; a 5xx is not, so a retry runs again.
        if (problem.status >= 500) throw error;
        return from(
          this.records
            .complete(recordId, { status: problem.status, body: JSON.stringify(problem) })
            .then(() => {
              throw error;
            }),
        );
      }),
    );
  }

  /** Whether the route's OpenAPI request body is required (@ApiBody defaults to required). */
  private bodyRequired(context: ExecutionContext): boolean {
    const parameters =
      (Reflect.getMetadata(SWAGGER_PARAMETERS, context.getHandler()) as
        { in?: string; required?: boolean }[] | undefined) ?? [];
    return parameters.some((parameter) => parameter.in === 'body' && parameter.required !== false);
  }
}
