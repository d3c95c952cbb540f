import { z } from 'zod';
import { addressSchema, singleLineText } from '@throughline/contracts';
import { dealerCapabilities, leadSources, serviceLevels } from '@throughline/crm';

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()./-]{5,30}$/, 'a phone number such as +49 30 1234567');

/** A lead from the web form or a partner feed. */
export const captureLeadSchema = z
  .object({
    source: z.enum(leadSources),
    company: singleLineText(200).optional(),
    contactName: singleLineText(200),
    email: z
      .email()
      .max(254)
      .transform((email) => email.toLowerCase()),
    phone: phone.optional(),
    itemsOfInterest: z.array(singleLineText(64)).max(50).default([]),
    estimatedValueMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. EUR')
      .default('EUR'),
  })
  .strict();

const dealerFields = {
  name: singleLineText(200),
  city: singleLineText(100),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  capabilities: z.array(z.enum(dealerCapabilities)).min(1).max(dealerCapabilities.length),
  serviceLevels: z.array(z.enum(serviceLevels)).min(1).max(serviceLevels.length),
  openCapacity: z.number().int().min(0).max(10_000),
  active: z.boolean(),
};

export const createDealerSchema = z
  .object({
    code: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9-]{1,29}$/, 'upper-case letters, digits and dashes, e.g. D-BER-01'),
    ...dealerFields,
    active: dealerFields.active.default(true),
  })
  .strict();

export const updateDealerSchema = z
  .object(dealerFields)
  .partial()
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'give at least one field to change');

export { addressSchema };
