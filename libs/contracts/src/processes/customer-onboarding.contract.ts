import { z } from 'zod';
import type { ProcessPolicy } from './process-policy';
import { singleLineText } from '../text/safe-text';

export const CUSTOMER_ONBOARDING = 'customer-onboarding';

export const addressSchema = z
  .object({
    line1: singleLineText(200),
    city: singleLineText(100),
    postalCode: singleLineText(20),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, e.g. DE')
      .describe('ISO 3166-1 alpha-2'),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
  })
  .strict();

export type Address = z.infer<typeof addressSchema>;

/** An email address as processes key on it: lower-cased. */
export const emailSchema = z
  .email()
  .max(254)
  .transform((email) => email.toLowerCase());

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()./-]{5,30}$/, 'a phone number such as +49 30 1234567');

export const customerOnboardingInputSchema = z
  .object({
    name: singleLineText(200).describe('Legal or display name of the customer'),
    email: emailSchema.describe('Primary email; the business key of the onboarding'),
    phone: phoneSchema.optional(),
    kind: z.enum(['business', 'consumer']).default('business'),
    address: addressSchema.optional(),
  })
  .strict();

export type CustomerOnboardingInput = z.infer<typeof customerOnboardingInputSchema>;

export interface CustomerOnboardingWorkflowInput {
  customer: CustomerOnboardingInput;
  policy: ProcessPolicy;
  startedBy: string;
  /** The business key the API gave the process (no personal data); unset before 2026-11. */
  businessKey?: string;
}

export interface CustomerOnboardingResult {
  customerNo: string;
  crmAccountId: string;
  erpCustomerId: string;
}

export const customerOnboardingStages = [
  'creating-crm-account',
  'creating-erp-customer',
  'linking-accounts',
  'completed',
  /** A step failed for a reason the process does not handle: ops retry it or give up. */
  'needs-attention',
] as const;

export type CustomerOnboardingStage = (typeof customerOnboardingStages)[number];
