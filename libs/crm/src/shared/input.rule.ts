import { DomainError } from '@throughline/common';

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

/** Validates an activity's input (libs/common); the CRM's activities use it. */
export { parseActivityInput } from '@throughline/common';
