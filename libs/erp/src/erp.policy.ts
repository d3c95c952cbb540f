import { z } from 'zod';
import { env } from '@throughline/common';

/** ERP business settings, from configuration. */
export const erpPolicyEnvSchema = z.object({
  ERP_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as EUR')
    .default('EUR'),
  ERP_DEFAULT_PAYMENT_TERMS_DAYS: env.positiveInt(30),
  ERP_DEFAULT_CREDIT_LIMIT_MINOR: env.positiveInt(5_000_000),
  /** Sales tax on invoices, in basis points (19 % = 1900). */
  ERP_TAX_RATE_BP: z.coerce
    .number({ error: 'expected basis points between 0 and 10000' })
    .int('expected basis points between 0 and 10000')
    .min(0, 'expected basis points between 0 and 10000')
    .max(10_000, 'expected basis points between 0 and 10000')
    .default(1900),
  /** Hourly labour rate of billable service work, in minor units. */
  ERP_LABOUR_RATE_MINOR: env.positiveInt(9_000),
});

export type ErpPolicy = z.infer<typeof erpPolicyEnvSchema>;

export const ERP_POLICY = Symbol('ERP_POLICY');
