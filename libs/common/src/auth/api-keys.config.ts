import { z } from 'zod';
import { ROLES } from '@throughline/contracts';

const configuredKeySchema = z
  .object({
    key: z.string().min(8, 'API keys have at least 8 characters'),
    userId: z.string().min(1).max(100),
    roles: z.array(z.enum(ROLES)).min(1),
  })
  .strict();

/** A key from configuration: the key itself, the user it stands for and the user's roles. */
export type ConfiguredApiKey = z.infer<typeof configuredKeySchema>;

/**
 * API_KEYS, read by the API, the CRM and the ERP: a JSON array of {key, userId, roles}; `npm
 * start` sets the documented demo keys. Unset, no key is configured (every call but health is
 * 401, unless the app has keys of its own, as the API's admin-created ones).
 */
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

/** The variables of an app that authenticates its callers with configured keys. */
export const apiKeysEnvShape = {
  /** API keys from configuration: a JSON array of {key, userId, roles}. */
  API_KEYS: apiKeysEnv,
};
