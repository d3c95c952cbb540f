import { z } from 'zod';
import { appEnvShape, env } from '@throughline/common';
import { databaseEnvSchema } from '@throughline/database';
import { erpPolicyEnvSchema } from '@throughline/erp';
import { temporalEnvSchema } from '@throughline/temporal';

export const erpConfigSchema = z.object({
  ...appEnvShape,
  ...databaseEnvSchema.shape,
  ...temporalEnvSchema.shape,
  ...erpPolicyEnvSchema.shape,
  ERP_PORT: env.port(3002),
  ERP_MAX_CONCURRENT_ACTIVITIES: env.positiveInt(50),
  /** Fault injection for tests only: hold each activity result this long before reporting it. */
  FAULT_ACTIVITY_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** Fault injection for tests only: the activities delayed, comma-separated (all when empty). */
  FAULT_ACTIVITY_NAMES: z
    .string()
    .default('')
    .transform((names) =>
      names
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
});

export type ErpConfig = z.infer<typeof erpConfigSchema>;
