import { z } from 'zod';
import {
  codeSchema,
  documentNoSchema,
  keySchema,
  pageShape,
  quantitySchema,
  textSchema,
} from '../shared/schemas';
import { shipmentStatuses } from './shipment.entity';

export const createShipmentSchema = z
  .object({
    orderNo: documentNoSchema,
    warehouseCode: codeSchema,
    /** Idempotency key; `<orderNo>:<warehouseCode>` when unset. Pass another to ship again. */
    shipmentKey: keySchema.optional(),
    /** Lines and units to ship; everything reserved in the warehouse when unset. */
    lines: z
      .array(z.object({ lineNo: z.number().int().positive(), quantity: quantitySchema }).strict())
      .min(1)
      .max(200)
      .optional(),
    carrier: textSchema(60).optional(),
  })
  .strict();
export type CreateShipmentInput = z.infer<typeof createShipmentSchema>;

export const shipmentNoSchema = z.object({ shipmentNo: documentNoSchema }).strict();

export const packSchema = z
  .object({
    shipmentNo: documentNoSchema,
    packageCount: z.number().int().positive().max(10_000).optional(),
    /** Serial numbers (VINs) per shipment line of a serialized item; generated when unset. */
    serialNumbers: z
      .array(
        z
          .object({
            lineNo: z.number().int().positive(),
            serials: z.array(textSchema(60)).min(1).max(10_000),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();
export type PackInput = z.infer<typeof packSchema>;

export const shipSchema = z
  .object({
    shipmentNo: documentNoSchema,
    carrier: textSchema(60).optional(),
    trackingNumber: textSchema(100).optional(),
  })
  .strict();
export type ShipInput = z.infer<typeof shipSchema>;

export const deliverSchema = z
  .object({ shipmentNo: documentNoSchema, deliveredAt: z.iso.datetime().optional() })
  .strict();
export type DeliverInput = z.infer<typeof deliverSchema>;

export const shipmentQuerySchema = z
  .object({
    ...pageShape,
    orderNo: documentNoSchema.optional(),
    customerNo: textSchema(20).optional(),
    warehouseCode: codeSchema.optional(),
    status: z.enum(shipmentStatuses).optional(),
  })
  .strict();
export type ShipmentQuery = z.infer<typeof shipmentQuerySchema>;
