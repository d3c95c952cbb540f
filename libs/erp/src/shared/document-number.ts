import type { EntityManager } from '@mikro-orm/postgresql';
import { formatDocumentNumber } from '@throughline/common';

/** Human document numbers (`SO-000123`), one PostgreSQL sequence per document type. */
export const documentSequences = {
  SO: 'sales_order_no_seq',
  SH: 'shipment_no_seq',
  INV: 'invoice_no_seq',
  CN: 'credit_note_no_seq',
  PAY: 'payment_no_seq',
  PO: 'purchase_order_no_seq',
  GR: 'goods_receipt_no_seq',
  WO: 'work_order_no_seq',
  JE: 'journal_entry_no_seq',
} as const;

export type DocumentPrefix = keyof typeof documentSequences;

export function formatDocumentNo(prefix: DocumentPrefix, value: number): string {
  return formatDocumentNumber(prefix, value);
}

/**
 * The next number of a document type. Sequences never block concurrent writers; a number is
 * lost only when the transaction that drew it rolls back (e.g. it lost an idempotency race).
 */
export async function nextDocumentNo(em: EntityManager, prefix: DocumentPrefix): Promise<string> {
  const [{ value }] = await em.execute<{ value: string }[]>(
    `select nextval('erp.${documentSequences[prefix]}') as value`,
  );
  return formatDocumentNo(prefix, Number(value));
}
