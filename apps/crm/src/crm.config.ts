import { z } from 'zod';
import { apiKeysEnvShape, appEnvShape, env } from '@throughline/common';
import { databaseEnvSchema } from '@throughline/database';
import { activityFaultEnvShape, temporalEnvSchema } from '@throughline/temporal';

export const crmConfigSchema = z.object({
  ...appEnvShape,
  ...apiKeysEnvShape,
  ...databaseEnvSchema.shape,
  ...temporalEnvSchema.shape,
  CRM_PORT: env.port(3001),
  CRM_MAX_CONCURRENT_ACTIVITIES: env.positiveInt(50),
  ...activityFaultEnvShape,
});

export type CrmConfig = z.infer<typeof crmConfigSchema>;
