import { z } from 'zod';
import { freeText } from '../text/safe-text';

/**
 * The right to be forgotten as a process: a customer's personal data is erased from CRM,
 * replaced by a placeholder name in ERP (which keeps invoices and ledger as the law requires),
 * and the customer's closed process histories are deleted from Temporal. The erasure's own
 * history holds the customerNo and counts only, and is the audit trail of what was done.
 */
export const CUSTOMER_ERASURE = 'customer-erasure';

export const customerErasureInputSchema = z
  .object({
    customerNo: z
      .string()
      .regex(/^C-\d{6,}$/, 'a customer number such as C-000042')
      .describe('The customer whose personal data is erased'),
    reason: freeText(500).describe('Why (e.g. the request reference of the data subject)'),
  })
  .strict();

export type CustomerErasureInput = z.infer<typeof customerErasureInputSchema>;

export interface CustomerErasurePolicy {
  /** Start-to-close timeout of one activity attempt, in milliseconds. */
  activityTimeoutMs: number;
}

export interface CustomerErasureWorkflowInput {
  request: CustomerErasureInput;
  policy: CustomerErasurePolicy;
  startedBy: string;
  businessKey: string;
}

/** What an erasure did, in counts: the result holds no personal data. */
export interface CustomerErasureResult {
  customerNo: string;
  /** unknown-customer: neither CRM nor ERP knows the customerNo; nothing was changed. */
  outcome: 'erased' | 'aborted' | 'unknown-customer';
  crm?: Record<string, number | string>;
  erp?: Record<string, number | string>;
  /** Closed process histories of the customer deleted from Temporal. */
  historiesDeleted?: number;
}

export const customerErasureStages = [
  'checking-open-processes',
  /** The customer has running processes: an admin cancels or waits for them, then retries. */
  'blocked-by-open-processes',
  'erasing-crm',
  'anonymizing-erp',
  'deleting-histories',
  'completed',
  'aborted',
  'needs-attention',
] as const;

export type CustomerErasureStage = (typeof customerErasureStages)[number];

/** The customer's processes as the erasure sees them in Temporal visibility. */
export interface CustomerProcesses {
  /** Workflow ids of the customer's running processes (the erasure itself excluded). */
  running: string[];
  /** How many closed executions the customer has. */
  closed: number;
}
