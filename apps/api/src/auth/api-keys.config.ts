import { z } from 'zod';
import { ROLES } from '@throughline/contracts';

const configuredKeySchema = z
  .object({
    key: z.string().min(8, 'API keys have at least 8 characters'),
    userId: z.string().min(1).max(100),
    roles: z.array(z.enum(ROLES)).min(1),
  })
  .strict();

export type ConfiguredApiKey = z.infer<typeof configuredKeySchema>;

/** API_KEYS: a JSON array of {key, userId, roles}; `npm start` sets the documented demo keys. */
export const apiKeysEnv = z
  .string()
  .default('[]')
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON array of {key, userId, roles}' });
      return z.NEVER;
    }
  })
  .pipe(z.array(configuredKeySchema, { error: 'expected a JSON array of {key, userId, roles}' }));
