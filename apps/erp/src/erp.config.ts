import { z } from 'zod';
import { apiKeysEnvShape, appEnvShape, env } from '@throughline/common';
import { databaseEnvSchema } from '@throughline/database';
import { erpPolicyEnvSchema } from '@throughline/erp';
import { activityFaultEnvShape, temporalEnvSchema } from '@throughline/temporal';

export const erpConfigSchema = z.object({
  ...appEnvShape,
  ...apiKeysEnvShape,
  ...databaseEnvSchema.shape,
  ...temporalEnvSchema.shape,
  ...erpPolicyEnvSchema.shape,
  ERP_PORT: env.port(3002),
  ERP_MAX_CONCURRENT_ACTIVITIES: env.positiveInt(50),
  ...activityFaultEnvShape,
});

export type ErpConfig = z.infer<typeof erpConfigSchema>;
