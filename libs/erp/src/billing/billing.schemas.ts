import { z } from 'zod';
import {
  customerNoSchema,
  currencySchema,
  documentNoSchema,
  isoDateSchema,
  keySchema,
  pageShape,
  positiveMoneySchema,
  freeTextSchema,
} from '../shared/schemas';
import { invoiceKinds, invoiceStatuses } from './invoice.entity';
import { paymentMethods } from './payment.entity';

export const createInvoiceSchema = z
  .object({ shipmentNo: documentNoSchema, issueDate: isoDateSchema.optional() })
  .strict();
export type CreateInvoiceInput = z.infer<typeof createInvoiceSchema>;

export const invoiceNoSchema = z.object({ invoiceNo: documentNoSchema }).strict();

export const voidInvoiceSchema = z
  .object({
    invoiceNo: documentNoSchema,
    reason: freeTextSchema(300),
    issueDate: isoDateSchema.optional(),
  })
  .strict();
export type VoidInvoiceInput = z.infer<typeof voidInvoiceSchema>;

export const recordPaymentSchema = z
  .object({
    /** The bank's or PSP's transaction id: the same payment reported twice is one payment. */
    externalRef: keySchema,
    customerNo: customerNoSchema,
    amountMinor: positiveMoneySchema,
    currency: currencySchema.optional(),
    method: z.enum(paymentMethods).default('bank-transfer'),
    receivedOn: isoDateSchema.optional(),
    /** Which invoices it pays; the oldest open invoices first when unset. */
    allocations: z
      .array(z.object({ invoiceNo: documentNoSchema, amountMinor: positiveMoneySchema }).strict())
      .min(1)
      .max(200)
      .optional(),
  })
  .strict();
export type RecordPaymentInput = z.infer<typeof recordPaymentSchema>;

export const listOverdueSchema = z
  .object({
    asOf: isoDateSchema.optional(),
    customerNo: customerNoSchema.optional(),
    minDaysOverdue: z.number().int().min(0).max(3650).default(1),
    limit: z.number().int().min(1).max(1000).default(500),
  })
  .strict();
export type ListOverdueInput = z.infer<typeof listOverdueSchema>;

export const invoiceQuerySchema = z
  .object({
    ...pageShape,
    customerNo: customerNoSchema.optional(),
    orderNo: documentNoSchema.optional(),
    kind: z.enum(invoiceKinds).optional(),
    status: z.enum([...invoiceStatuses, 'overdue']).optional(),
  })
  .strict();
export type InvoiceQuery = z.infer<typeof invoiceQuerySchema>;

export const paymentQuerySchema = z
  .object({
    ...pageShape,
    customerNo: customerNoSchema.optional(),
    invoiceNo: documentNoSchema.optional(),
    externalRef: keySchema.optional(),
  })
  .strict();
export type PaymentQuery = z.infer<typeof paymentQuerySchema>;

export const creditNoteQuerySchema = z
  .object({
    ...pageShape,
    customerNo: customerNoSchema.optional(),
    invoiceNo: documentNoSchema.optional(),
  })
  .strict();
export type CreditNoteQuery = z.infer<typeof creditNoteQuerySchema>;
