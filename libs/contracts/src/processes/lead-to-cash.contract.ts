import { defineSignal } from '@temporalio/workflow';
import { z } from 'zod';
import {
  addressSchema,
  type Address,
  emailSchema,
  phoneSchema,
} from './customer-onboarding.contract';
import { freeText, singleLineText } from '../text/safe-text';

export const LEAD_TO_CASH = 'lead-to-cash';

export const leadToCashLineSchema = z
  .object({
    sku: singleLineText(40),
    quantity: z.number().int().positive().max(100_000),
    /** The salesperson's discount on the ERP price; above the configured threshold a manager approves. */
    discountPercent: z
      .number()
      .min(0)
      .max(100)
      .refine(
        (percent) => Math.abs(percent * 100 - Math.round(percent * 100)) < 1e-6,
        'at most two decimals (it travels as basis points)',
      )
      .optional(),
  })
  .strict();

export const leadToCashInputSchema = z
  .object({
    /**
     * The lead's id in the system it came from (web form, call center). It becomes part of the
     * process id, in clear, so it may not hold personal data: no e-mail addresses. Unset, the
     * keyed hash of the lead's e-mail keys the process.
     */
    leadRef: z
      .string()
      .regex(
        /^[A-Za-z0-9._:-]{1,100}$/,
        'letters, digits and . _ : - only (it becomes part of the process id, so no e-mail address)',
      )
      .optional(),
    lead: z
      .object({
        source: z.enum(['web', 'call-center', 'dealer', 'partner']).default('web'),
        company: singleLineText(200).optional(),
        contactName: singleLineText(200),
        email: emailSchema,
        phone: phoneSchema.optional(),
        estimatedValueMinor: z.number().int().min(0).max(1_000_000_000_000).optional(),
      })
      .strict(),
    /** The customer's billing and ship-to address; with coordinates the nearest warehouse ships. */
    address: addressSchema.optional(),
    lines: z.array(leadToCashLineSchema).min(1).max(50),
    /** Ship what is in stock now and the rest later; the configured default when unset. */
    allowPartialShipments: z.boolean().optional(),
    customerReference: singleLineText(60).optional(),
  })
  .strict();

export type LeadToCashInput = z.infer<typeof leadToCashInputSchema>;

/** Durations and thresholds of lead to cash, from the API's configuration (tests shorten them). */
export interface LeadToCashPolicy {
  activityTimeoutMs: number;
  /** A lead the rules send to review: due for sales, then escalated to the sales manager. */
  qualifySlaMs: number;
  /** A line discount above this needs a sales manager's approval. */
  approvalMaxDiscountPercent: number;
  /** A quote total (gross, minor units) above this needs a sales manager's approval. */
  approvalMaxTotalMinor: number;
  /** The approval is due after this; then the sales director may decide too. */
  approvalSlaMs: number;
  /** How long a sent quote is valid; the customer's answer is awaited until then. */
  quoteValidityMs: number;
  /** Finance releases an order over the credit limit within this, or the order is cancelled. */
  creditReleaseMs: number;
  /** Without a carrier event, a shipment counts as delivered after this. */
  deliveryTimeoutMs: number;
  /** The length of a day for payment terms and dunning (86 400 000 in production). */
  dayMs: number;
  /** Payment reminders, in days after the due date. */
  reminderDays: number[];
  /** Days after the due date when the customer goes on credit hold and finance gets a task. */
  creditHoldDays: number;
  /** Whether an order ships what is in stock before a backorder arrives, unless the input says. */
  partialShipments: boolean;
  /** Delivered serialized items are due for maintenance after this many months. */
  maintenanceIntervalMonths: number;
  /**
   * After a cancellation's undo, how long the process waits for Temporal's cancellation (which
   * the API sends after its cancel Update) before it completes with the outcome `cancelled`.
   * Unset in processes started before it existed: 60 s.
   */
  cancelConfirmationMs?: number;
}

export interface LeadToCashWorkflowInput {
  request: LeadToCashInput;
  policy: LeadToCashPolicy;
  startedBy: string;
  /** The business key the API gave the process (no personal data); unset before 2026-11. */
  businessKey?: string;
}

export type LeadToCashOutcome =
  | 'paid'
  | 'disqualified'
  | 'quote-rejected'
  | 'quote-expired'
  | 'approval-rejected'
  | 'credit-refused'
  /** Cancelled through the API, undone, and not (yet) cancelled in Temporal as well. */
  | 'cancelled';

export interface LeadToCashResult {
  outcome: LeadToCashOutcome;
  leadNo: string;
  customerNo?: string;
  opportunityNo?: string;
  quoteNo?: string;
  orderNo?: string;
  shipmentNos: string[];
  invoiceNos: string[];
  purchaseOrderNos: string[];
  paymentNos: string[];
  assetSerials: string[];
}

/** The `details` of a lead-to-cash process in GET /processes/{id}: its documents in flight. */
export interface LeadToCashDetails {
  purchaseOrders: { poNo: string; expectedOn: string; status: 'open' | 'received' | 'cancelled' }[];
  shipments: { shipmentNo: string; trackingNumber?: string; status: 'in-transit' | 'delivered' }[];
  invoices: {
    invoiceNo: string;
    currency: string;
    grossMinor: number;
    balanceMinor: number;
    dueDate: string;
  }[];
}

export const leadToCashStages = [
  'capturing-lead',
  'qualifying',
  'converting',
  'quoting',
  'approving-quote',
  'awaiting-customer',
  'checking-credit',
  'awaiting-credit-release',
  'ordering',
  'reserving',
  'backordered',
  'fulfilling',
  'collecting',
  'completed',
  'closed-lost',
  'cancelled',
  /** A step failed for a reason the process does not handle: ops decide (retry, skip, compensate). */
  'needs-attention',
  /** Ops decided to compensate: the saga ran and the process closed as failed. */
  'failed',
] as const;

export type LeadToCashStage = (typeof leadToCashStages)[number];

/** External events of lead to cash, posted to POST /processes/{id}/events/{event}. */
export const LeadToCashEvents = {
  quoteAccepted: 'quote-accepted',
  quoteRejected: 'quote-rejected',
  goodsReceived: 'goods-received',
  carrierDelivered: 'carrier-delivered',
  paymentReceived: 'payment-received',
} as const;

export const quoteAnswerSchema = z
  .object({ comment: freeText(500).optional(), reason: freeText(300).optional() })
  .strict();

export const goodsReceivedSchema = z
  .object({
    poNo: singleLineText(20),
    /** The supplier's delivery note; one receipt per note. */
    deliveryNote: singleLineText(100).optional(),
  })
  .strict();

export const carrierDeliveredSchema = z
  .object({ shipmentNo: singleLineText(20), deliveredAt: z.iso.datetime().optional() })
  .strict();

export const paymentReceivedSchema = z
  .object({
    /** The bank's transaction id: the same payment posted twice is one payment. */
    externalRef: singleLineText(100),
    amountMinor: z.number().int().positive().max(1_000_000_000_000),
    /** Which invoice it pays; the oldest open invoices first when unset. */
    invoiceNo: singleLineText(20).optional(),
    method: z
      .enum(['bank-transfer', 'card', 'direct-debit', 'cash', 'cheque'])
      .default('bank-transfer'),
    receivedOn: z.iso.date().optional(),
  })
  .strict();

export type GoodsReceived = z.infer<typeof goodsReceivedSchema>;
export type CarrierDelivered = z.infer<typeof carrierDeliveredSchema>;
export type PaymentReceived = z.infer<typeof paymentReceivedSchema>;

// --- child workflows -------------------------------------------------------------------------

/** Shared by the three children: where they belong. */
export interface ChildContext {
  /** The lead-to-cash workflow id, for timeline entries and signals back. */
  processId: string;
  customerNo: string;
  orderNo: string;
  activityTimeoutMs: number;
}

export interface FulfillmentInput extends ChildContext {
  shipmentKey: string;
  warehouseCode: string;
  deliveryTimeoutMs: number;
}

export interface FulfillmentResult {
  shipmentNo: string;
  warehouseCode: string;
  trackingNumber?: string;
  deliveredAt: string;
  /** How delivery was learnt: the carrier's event or the delivery timer. */
  deliveredBy: 'carrier' | 'timer';
  lines: { sku: string; quantity: number; serialNumbers: string[] }[];
}

export interface ProcureToPayInput extends ChildContext {
  poKey: string;
  warehouseCode?: string;
  lines: { sku: string; quantity: number }[];
}

export interface ProcureToPayResult {
  poNo: string;
  receiptNo: string;
}

export interface CollectionInput extends ChildContext {
  invoiceNo: string;
  grossMinor: number;
  currency: string;
  /** Days from issue to due date (the customer's payment terms). */
  termsDays: number;
  dayMs: number;
  reminderDays: number[];
  creditHoldDays: number;
  /**
   * Set when a collection on credit hold continued as a new run (its history stays bounded
   * however long the customer takes): what the previous run knew.
   */
  onHold?: { balanceMinor: number; remindersSent: number; appliedPayments: string[] };
}

export interface CollectionResult {
  invoiceNo: string;
  paidAt: string;
  remindersSent: number;
  creditHoldPlaced: boolean;
}

/** Parent → fulfillment: the carrier reported delivery. */
export const shipmentDeliveredSignal =
  defineSignal<[{ deliveredAt?: string }]>('shipmentDelivered');
/** Parent → procure-to-pay: the goods arrived. */
export const goodsReceivedSignal = defineSignal<[{ deliveryNote?: string }]>('goodsReceived');
/** Parent → collection: part of a payment went to this invoice. */
export const paymentAppliedSignal =
  defineSignal<[{ paymentNo: string; amountMinor: number; at: string }]>('paymentApplied');
/** Collection → parent: the invoice is overdue past the hold day; finance should look. */
export const collectionEscalatedSignal =
  defineSignal<[{ invoiceNo: string; daysOverdue: number; balanceMinor: number }]>(
    'collectionEscalated',
  );
/** Fulfillment → parent: the shipment left the warehouse (the order is no longer cancellable). */
export const shipmentShippedSignal =
  defineSignal<[{ shipmentNo: string; workflowId: string; trackingNumber?: string }]>(
    'shipmentShipped',
  );
/** Procure-to-pay → parent: the purchase order exists; goods-received events may now name it. */
export const purchaseOrderPlacedSignal =
  defineSignal<[{ poNo: string; workflowId: string; expectedOn: string }]>('purchaseOrderPlaced');

export type { Address };
