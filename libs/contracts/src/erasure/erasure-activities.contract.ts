import { z } from 'zod';
import { singleLineText } from '../text/safe-text';

/**
 * Input of the systems of record's erasure activities, `crm.eraseCustomerPersonalData` and
 * `erp.anonymizeCustomer`: whose personal data, and the reference of the erasure (e.g. the
 * erasure process's business key). The reference is stored with the customer and on its
 * timeline, so it may not be an e-mail address.
 */
export const erasureRequestSchema = z
  .object({
    customerNo: singleLineText(20),
    erasureRef: singleLineText(200).refine(
      (ref) => !ref.includes('@'),
      'a reference such as DSR-2026-118, not an e-mail address',
    ),
  })
  .strict();

export type ErasureRequest = z.input<typeof erasureRequestSchema>;

/** What both systems say about an erasure: the customer, the reference and when, never a name. */
export interface ErasureRecord {
  customerNo: string;
  /** The reference of the first erasure (a repeat returns the first erasure's record). */
  erasureRef: string;
  /** ISO timestamp of the first erasure. */
  erasedAt: string;
}

/**
 * What the CRM erased, in counts of the customer's records whose personal data it replaced. A
 * repeat returns the same result and changes nothing.
 */
export interface CrmErasureResult extends ErasureRecord {
  accounts: number;
  contacts: number;
  /** Leads converted into the account and leads with the e-mail of the account or a contact. */
  leads: number;
  opportunities: number;
  quotes: number;
  serviceCases: number;
  /** Entries whose text was replaced (the "personal data erased" entry not counted). */
  timelineEntries: number;
}

/**
 * What the ERP anonymized and what it kept, in counts. A repeat returns the same result and
 * changes nothing.
 */
export interface ErpErasureResult extends ErasureRecord {
  customers: number;
  /** Orders whose ship-to address and free text were erased (numbers and amounts stay). */
  salesOrders: number;
  /** Work orders whose site address and description were erased. */
  workOrders: number;
  /** Kept as they are: the law requires them (numbers, dates, amounts, customerNo). */
  invoicesRetained: number;
  creditNotesRetained: number;
  paymentsRetained: number;
}
