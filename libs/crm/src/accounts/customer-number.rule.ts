/** The shared customer number, e.g. 42 → `C-000042`. */
export function formatCustomerNo(sequenceValue: number): string {
  return `C-${String(sequenceValue).padStart(6, '0')}`;
}
