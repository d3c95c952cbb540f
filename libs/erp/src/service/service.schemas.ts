import { z } from 'zod';
import {
  customerNoSchema,
  documentNoSchema,
  keySchema,
  locationSchema,
  pageShape,
  positiveMoneySchema,
  quantitySchema,
  skuSchema,
  freeTextSchema,
  textSchema,
} from '../shared/schemas';
import { workOrderStatuses } from './work-order.entity';

const partsSchema = z
  .array(z.object({ sku: skuSchema, quantity: quantitySchema }).strict())
  .max(100);

export const createWorkOrderSchema = z
  .object({
    caseRef: textSchema(60),
    /** Idempotency key; `case:<caseRef>` when unset. */
    workOrderKey: keySchema.optional(),
    customerNo: customerNoSchema,
    dealerRef: textSchema(60).optional(),
    assetSerial: textSchema(60).optional(),
    warranty: z.boolean(),
    description: freeTextSchema(500).optional(),
    /**
     * Where the work is done (an address, or a dealer's workshop by its city and coordinates);
     * parts come from the warehouse nearest to it with stock.
     */
    site: locationSchema
      .partial({ line1: true, postalCode: true, country: true })
      .required({ latitude: true, longitude: true })
      .or(locationSchema)
      .optional(),
    parts: partsSchema.default([]),
    labourRateMinor: positiveMoneySchema.optional(),
  })
  .strict();
export type CreateWorkOrderInput = z.infer<typeof createWorkOrderSchema>;

export const estimateServiceWorkSchema = z
  .object({
    customerNo: customerNoSchema,
    parts: partsSchema.default([]),
    labourMinutes: z.number().int().min(0).max(100_000),
  })
  .strict();
export type EstimateServiceWorkInput = z.infer<typeof estimateServiceWorkSchema>;

/** What billable service work would cost the customer, before tax (minor units). */
export interface ServiceWorkEstimate {
  customerNo: string;
  currency: string;
  partsMinor: number;
  labourMinor: number;
  netMinor: number;
  labourRateMinor: number;
}

export const cancelWorkOrderSchema = z
  .object({ workOrderNo: documentNoSchema, reason: freeTextSchema(300) })
  .strict();
export type CancelWorkOrderInput = z.infer<typeof cancelWorkOrderSchema>;

export const completeWorkOrderSchema = z
  .object({
    workOrderNo: documentNoSchema,
    /** The parts the dealer reports as used; the planned parts when unset. */
    partsUsed: partsSchema.optional(),
    labourMinutes: z.number().int().min(0).max(100_000),
  })
  .strict();
export type CompleteWorkOrderInput = z.infer<typeof completeWorkOrderSchema>;

export const workOrderQuerySchema = z
  .object({
    ...pageShape,
    customerNo: customerNoSchema.optional(),
    caseRef: textSchema(60).optional(),
    status: z.enum(workOrderStatuses).optional(),
  })
  .strict();
export type WorkOrderQuery = z.infer<typeof workOrderQuerySchema>;
