import type { z } from 'zod';
import { DomainError } from '@throughline/common';
import { INVALID_TEXT_CODE, isTextRefusal } from '@throughline/contracts';

/** A canonical UUID (any version); anything else is a human number or code, never an id. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/**
 * Free text from people and processes (reasons, comments) cut to the column it is stored in,
 * so a long comment is kept in part instead of failing the write (and retrying it for ever).
 */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** An ISO timestamp a process passes in; a bad one is refused (`invalid-timestamp`), not retried. */
export function parseTimestamp(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new DomainError('validation', 'invalid-timestamp', `${field} is not an ISO timestamp`, {
      field,
      value,
    });
  }
  return date;
}

/**
 * Validates an activity's input with its zod schema, so a malformed call from a workflow fails
 * at once as a typed, non-retryable error (`invalid-text` for text no system can store,
 * `invalid-input` otherwise) instead of a TypeError that is retried.
 */
export function parseActivityInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(input)',
    message: issue.message,
  }));
  const code = result.error.issues.some(isTextRefusal) ? INVALID_TEXT_CODE : 'invalid-input';
  throw new DomainError(
    'validation',
    code,
    `invalid input: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    { errors },
  );
}
