import { formatDocumentNumber } from '@throughline/common';

/** The shared customer number, e.g. 42 → `C-000042`. */
export function formatCustomerNo(sequenceValue: number): string {
  return formatDocumentNumber('C', sequenceValue);
}
