import type { z } from 'zod';
import { INVALID_TEXT_CODE, isTextRefusal } from '@throughline/contracts';
import { DomainError } from './domain-error';

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
