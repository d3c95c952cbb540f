import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDomainError, type DomainErrorKind } from '../errors/domain-error';
import { redactError } from '../logging/redact.rule';
import { PROBLEM_CONTENT_TYPE, problemType, type ProblemDetails } from './problem';
import { ValidationProblem } from './validation';

const statusOfKind: Record<DomainErrorKind, number> = {
  validation: HttpStatus.BAD_REQUEST,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  'business-rule': HttpStatus.UNPROCESSABLE_ENTITY,
};

const codeOfStatus: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'business-rule-violated',
  429: 'too-many-requests',
  503: 'service-unavailable',
};

function titleOf(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * A response that is already a problem document, sent as it is (e.g. one replayed for a repeated
 * request with the same Idempotency-Key).
 */
export class ProblemResponse extends HttpException {
  constructor(readonly problem: ProblemDetails) {
    super(problem, problem.status);
  }
}

/** Turns every error into an RFC 9457 problem+json response; never leaks internals on 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = problemOf(exception);
    problem.instance = request.originalUrl;
    if (problem.status >= 500) {
      // Type, reason and frames; never the SQL values or personal data an error message may hold.
      const logged = redactError(exception);
      this.logger.error(
        `${String(logged.type ?? 'Error')}: ${String(logged.message)}\n${String(logged.stack ?? '')}`,
      );
    }
    if (typeof problem.retryAfter === 'number') {
      response.setHeader('Retry-After', String(problem.retryAfter));
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}

/** The problem document of an error, as the filter sends it (without `instance`). */
export function problemOf(exception: unknown): ProblemDetails {
  if (exception instanceof ProblemResponse) {
    const { instance: _instance, ...problem } = exception.problem;
    return problem;
  }
  if (exception instanceof ValidationProblem) {
    return {
      type: problemType('validation'),
      title: 'Validation failed',
      status: 400,
      code: 'validation',
      detail: 'One or more fields are invalid.',
      errors: exception.fieldErrors,
    };
  }
  if (isDomainError(exception)) {
    const status = statusOfKind[exception.kind];
    return {
      type: problemType(exception.code),
      title: titleOf(status),
      status,
      code: exception.code,
      detail: exception.message,
      ...(exception.details ? { details: exception.details } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const extra =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const code = typeof extra.code === 'string' ? extra.code : (codeOfStatus[status] ?? 'error');
    const detail = Array.isArray(extra.message)
      ? extra.message.join('; ')
      : typeof extra.message === 'string'
        ? extra.message
        : exception.message;
    return {
      ...extra,
      type: problemType(code),
      title: titleOf(status),
      status,
      code,
      detail,
      message: undefined,
      error: undefined,
      statusCode: undefined,
    };
  }
  return {
    type: problemType('internal'),
    title: 'Internal Server Error',
    status: 500,
    code: 'internal',
    detail: 'An unexpected error occurred; it has been logged.',
  };
}
