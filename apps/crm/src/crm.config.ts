import { z } from 'zod';
import { appEnvShape, env } from '@throughline/common';
import { databaseEnvSchema } from '@throughline/database';
import { temporalEnvSchema } from '@throughline/temporal';

export const crmConfigSchema = z.object({
  ...appEnvShape,
  ...databaseEnvSchema.shape,
  ...temporalEnvSchema.shape,
  CRM_PORT: env.port(3001),
  CRM_MAX_CONCURRENT_ACTIVITIES: env.positiveInt(50),
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

export type CrmConfig = z.infer<typeof crmConfigSchema>;
