import type { z } from 'zod';
import { BadQuantityError, InvalidInputError } from './erp.errors';

/**
 * Validates an activity's input with the same schema REST uses, so a malformed call from a
 * workflow fails fast as a typed, non-retryable error instead of a TypeError that retries
 * forever. A bad quantity is reported as such (`bad-quantity`); anything else as `invalid-input`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const quantityIssue = result.error.issues.find((issue) => issue.path.at(-1) === 'quantity');
  if (quantityIssue) {
    const path = quantityIssue.path.join('.');
    throw new BadQuantityError(path, valueAt(value, quantityIssue.path));
  }
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(input)',
    message: issue.message,
  }));
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
