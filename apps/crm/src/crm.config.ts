import { z } from 'zod';
import { slaHours } from '@throughline/crm';

const hours = z
  .number()
  .positive()
  .max(24 * 365);
const slaHoursSchema = z.object({ platinum: hours, gold: hours, standard: hours }).strict();
import { apiKeysEnvShape, appEnvShape, env } from '@throughline/common';
import { databaseEnvSchema } from '@throughline/database';
import { activityFaultEnvShape, temporalEnvSchema } from '@throughline/temporal';

export const crmConfigSchema = z.object({
  ...appEnvShape,
  ...apiKeysEnvShape,
  ...databaseEnvSchema.shape,
  ...temporalEnvSchema.shape,
  CRM_PORT: env.port(3001),
  /**
   * Hours to resolve a case by service level, as JSON ({"platinum":4,"gold":24,"standard":72}
   * unless set); shortened in tests and demos.
   */
  CRM_SLA_HOURS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return slaHours;
      try {
        return slaHoursSchema.parse(JSON.parse(text));
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'expected JSON such as {"platinum":4,"gold":24,"standard":72} (hours > 0)',
        });
        return z.NEVER;
      }
    }),
  CRM_MAX_CONCURRENT_ACTIVITIES: env.positiveInt(50),
  ...activityFaultEnvShape,
});

export type CrmConfig = z.infer<typeof crmConfigSchema>;
