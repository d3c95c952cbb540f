/** A human document number: (`SO`, 123) → `SO-000123`; at least six digits, never truncated. */
export function formatDocumentNumber(prefix: string, value: number): string {
  return `${prefix}-${String(value).padStart(6, '0')}`;
}
