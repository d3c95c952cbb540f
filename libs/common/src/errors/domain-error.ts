/**
 * What went wrong, in business terms. The edges translate the kind: HTTP maps it to a status,
 * Temporal activities to a non-retryable ApplicationFailure whose type is the code.
 */
export type DomainErrorKind = 'validation' | 'not-found' | 'conflict' | 'business-rule';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable machine-readable code, e.g. `insufficient-credit`. */
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not-found', `${what}-not-found`, `${what} ${id} does not exist`, { id });
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
