import type { z } from 'zod';
import { isTextRefusal } from '@throughline/contracts';
import { BadQuantityError, InvalidInputError, InvalidTextError } from './erp.errors';

/**
 * Validates an activity's input with the same schema REST uses, so a malformed call from a
 * workflow fails fast as a typed, non-retryable error instead of a TypeError that retries
 * forever. A bad quantity is reported as such (`bad-quantity`), text no system can store as
 * `invalid-text`, anything else as `invalid-input`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const quantityIssue = result.error.issues.find((issue) => issue.path.at(-1) === 'quantity');
  if (quantityIssue) {
    const path = quantityIssue.path.join('.');
    throw new BadQuantityError(path, valueAt(value, quantityIssue.path));
  }
  const fieldError = (issue: z.core.$ZodIssue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(input)',
    message: issue.message,
  });
  const textErrors = result.error.issues.filter(isTextRefusal).map(fieldError);
  if (textErrors.length > 0) {
    throw new InvalidTextError(
      `invalid text: ${textErrors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      textErrors,
    );
  }
  const errors = result.error.issues.map(fieldError);
  throw new InvalidInputError(
    `invalid input: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    errors,
  );
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
