import { z } from 'zod';
import { env } from '@throughline/common';

/** ERP defaults for new customer masters, from configuration. */
export const erpPolicyEnvSchema = z.object({
  ERP_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as EUR')
    .default('EUR'),
  ERP_DEFAULT_PAYMENT_TERMS_DAYS: env.positiveInt(30),
  ERP_DEFAULT_CREDIT_LIMIT_MINOR: env.positiveInt(5_000_000),
});

export type ErpPolicy = z.infer<typeof erpPolicyEnvSchema>;

export const ERP_POLICY = Symbol('ERP_POLICY');
