import { z } from 'zod';
import {
  basisPointsSchema,
  customerNoSchema,
  documentNoSchema,
  keySchema,
  locationSchema,
  moneySchema,
  pageShape,
  percentSchema,
  quantitySchema,
  skuSchema,
  freeTextSchema,
  textSchema,
} from '../shared/schemas';
import { salesOrderStatuses } from './sales-order.entity';

export const salesOrderLineSchema = z
  .object({
    sku: skuSchema,
    quantity: quantitySchema,
    /** A price agreed in the quote; priced from the price list when unset. */
    unitPriceMinor: moneySchema.optional(),
    /** Integer basis points 0..10000 (12.5 % = 1250); no discount when unset. */
    discountBasisPoints: basisPointsSchema.optional(),
    /**
     * Legacy: the discount in percent, at most two decimals (histories recorded before basis
     * points send it); converted once to basis points. Not together with `discountBasisPoints`.
     */
    discountPercent: percentSchema.optional(),
    description: freeTextSchema(200).optional(),
  })
  .strict();

export const createSalesOrderSchema = z
  .object({
    /** Business key that makes the order exist once, e.g. `quote:Q-000123`. */
    orderKey: keySchema,
    customerNo: customerNoSchema,
    lines: z.array(salesOrderLineSchema).min(1).max(200),
    quoteRef: textSchema(60).optional(),
    opportunityRef: textSchema(60).optional(),
    customerReference: textSchema(60).optional(),
    shipTo: locationSchema.optional(),
    allowPartialShipments: z.boolean().default(true),
    /** Finance approved the order over the credit limit or despite a hold. */
    creditApprovedBy: textSchema(100).optional(),
    /**
     * What happens when the credit check fails (and `creditApprovedBy` is not given): `refuse`
     * raises `insufficient-credit` / `customer-on-credit-hold` and creates nothing; `block`
     * creates the order as `credit-blocked`, to be released by finance (`releaseCreditBlock`)
     * or cancelled.
     */
    onCreditRefused: z.enum(['refuse', 'block']).default('refuse'),
  })
  .strict();
export type CreateSalesOrderInput = z.infer<typeof createSalesOrderSchema>;

export const releaseCreditBlockSchema = z
  .object({ orderNo: documentNoSchema, approvedBy: textSchema(100) })
  .strict();
export type ReleaseCreditBlockInput = z.infer<typeof releaseCreditBlockSchema>;

export const checkCreditSchema = z
  .object({ customerNo: customerNoSchema, amountMinor: moneySchema })
  .strict();
export type CheckCreditInput = z.infer<typeof checkCreditSchema>;

export const cancelSalesOrderSchema = z
  .object({ orderNo: documentNoSchema, reason: freeTextSchema(300) })
  .strict();
export type CancelSalesOrderInput = z.infer<typeof cancelSalesOrderSchema>;

export const orderNoSchema = z.object({ orderNo: documentNoSchema }).strict();

export const salesOrderQuerySchema = z
  .object({
    ...pageShape,
    customerNo: customerNoSchema.optional(),
    status: z.enum(salesOrderStatuses).optional(),
    quoteRef: textSchema(60).optional(),
  })
  .strict();
export type SalesOrderQuery = z.infer<typeof salesOrderQuerySchema>;
