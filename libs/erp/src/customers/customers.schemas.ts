import { z } from 'zod';
import {
  customerNoSchema,
  freeTextSchema,
  isoDateSchema,
  locationSchema,
  textSchema,
} from '../shared/schemas';

/** The customer master as the process that converts a lead creates it (CRM owns the contact data). */
export const upsertCustomerSchema = z
  .object({
    customerNo: customerNoSchema,
    legalName: textSchema(200),
    email: z.email().max(254),
    billingAddress: locationSchema.omit({ latitude: true, longitude: true }).optional(),
  })
  .strict();
export type UpsertCustomerInput = z.infer<typeof upsertCustomerSchema>;

export const creditHoldSchema = z
  .object({ customerNo: customerNoSchema, reason: freeTextSchema(300) })
  .strict();

export const releaseCreditHoldSchema = z
  .object({ customerNo: customerNoSchema, reason: freeTextSchema(300).optional() })
  .strict();

export const accountSummarySchema = z
  .object({ customerNo: customerNoSchema, asOf: isoDateSchema.optional() })
  .strict();
