import { z } from 'zod';
import {
  codeSchema,
  documentNoSchema,
  isoDateSchema,
  keySchema,
  moneySchema,
  pageShape,
  quantitySchema,
  skuSchema,
  freeTextSchema,
  textSchema,
} from '../shared/schemas';
import { purchaseOrderStatuses } from './purchase-order.entity';

export const createPurchaseOrderSchema = z
  .object({
    /** Business key, e.g. `backorder:SO-000123`. */
    poKey: keySchema,
    /** Where the goods are received; the active warehouse nearest the sales order's ship-to when unset. */
    warehouseCode: codeSchema.optional(),
    /** The items' own supplier when unset. */
    supplier: textSchema(200).optional(),
    salesOrderNo: documentNoSchema.optional(),
    expectedOn: isoDateSchema.optional(),
    lines: z
      .array(
        z
          .object({
            sku: skuSchema,
            quantity: quantitySchema,
            /** The item's standard cost when unset. */
            unitCostMinor: moneySchema.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(200),
  })
  .strict();
export type CreatePurchaseOrderInput = z.infer<typeof createPurchaseOrderSchema>;

export const cancelPurchaseOrderSchema = z
  .object({ poNo: documentNoSchema, reason: freeTextSchema(300) })
  .strict();
export type CancelPurchaseOrderInput = z.infer<typeof cancelPurchaseOrderSchema>;

export const receiveGoodsSchema = z
  .object({
    poNo: documentNoSchema,
    /** Idempotency key, e.g. the supplier's delivery note; `<poNo>` when unset. */
    receiptKey: keySchema.optional(),
    /** Lines and units received; everything outstanding when unset. */
    lines: z
      .array(z.object({ lineNo: z.number().int().positive(), quantity: quantitySchema }).strict())
      .min(1)
      .max(200)
      .optional(),
  })
  .strict();
export type ReceiveGoodsInput = z.infer<typeof receiveGoodsSchema>;

export const purchaseOrderQuerySchema = z
  .object({
    ...pageShape,
    status: z.enum(purchaseOrderStatuses).optional(),
    salesOrderNo: documentNoSchema.optional(),
    warehouseCode: codeSchema.optional(),
  })
  .strict();
export type PurchaseOrderQuery = z.infer<typeof purchaseOrderQuerySchema>;

export const goodsReceiptQuerySchema = z
  .object({ ...pageShape, poNo: documentNoSchema.optional() })
  .strict();
export type GoodsReceiptQuery = z.infer<typeof goodsReceiptQuerySchema>;
