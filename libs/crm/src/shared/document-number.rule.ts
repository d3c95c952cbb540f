import type { EntityManager } from '@mikro-orm/postgresql';
import { formatDocumentNumber } from '@throughline/common';

/** A human document number, e.g. (`Q`, 42) → `Q-000042`; the customerNo uses the same shape. */
export function formatDocumentNo(prefix: string, sequenceValue: number): string {
  return formatDocumentNumber(prefix, sequenceValue);
}

/**
 * The next value of one of the CRM's sequences. Takes the transaction's em: on the embedded
 * (single-backend) PostgreSQL a query on another pooled connection would wait for the transaction.
 */
export async function nextDocumentNo(
  em: EntityManager,
  sequence: string,
  prefix: string,
): Promise<string> {
  const [{ value }] = await em.execute<{ value: string }[]>(
    `select nextval('crm.${sequence}') as value`,
  );
  return formatDocumentNo(prefix, Number(value));
}
