import { z } from 'zod';
import { DEALER_CODE_PATTERN, PARTNER_ROLES, type Role, ROLES } from '@throughline/contracts';

/**
 * The binding rules of a key's roles, for configured and admin-created keys alike: a `dealer`
 * key holds that role alone and names exactly one dealer (`dealerCode`); no other key names one.
 * Each problem is reported on its field.
 */
export function checkKeyBinding(
  key: { roles: readonly Role[]; dealerCode?: string },
  ctx: z.RefinementCtx,
): void {
  const partner = key.roles.filter((role) => PARTNER_ROLES.includes(role));
  if (partner.length > 0 && key.roles.length > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['roles'],
      message: `a key with the role ${partner.join(', ')} holds no other role (got ${key.roles.join(', ')})`,
    });
  }
  if (key.roles.includes('dealer') && key.dealerCode === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['dealerCode'],
      message: 'a key with the role dealer needs the dealerCode of its dealer, e.g. D-BER-01',
    });
  }
  if (!key.roles.includes('dealer') && key.dealerCode !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['dealerCode'],
      message: 'only a key with the role dealer has a dealerCode',
    });
  }
}

/** A dealer code as the CRM keeps them. */
export const dealerCodeSchema = z
  .string({ error: 'a dealer code such as D-BER-01 (one, not a list)' })
  .regex(DEALER_CODE_PATTERN, 'a dealer code such as D-BER-01 (upper-case letters, digits, -)');

const configuredKeySchema = z
  .object({
    key: z.string().min(8, 'API keys have at least 8 characters'),
    userId: z.string().min(1).max(100),
    roles: z.array(z.enum(ROLES)).min(1),
    /** The dealer a `dealer` key acts for; required with that role, refused without it. */
    dealerCode: dealerCodeSchema.optional(),
  })
  .strict()
  .superRefine(checkKeyBinding);

/**
 * A key from configuration: the key itself, the user it stands for, the user's roles, and for a
 * dealer's key its dealer code.
 */
export type ConfiguredApiKey = z.infer<typeof configuredKeySchema>;

const expected = 'expected a JSON array of {key, userId, roles, dealerCode?}';

/**
 * API_KEYS, read by the API, the CRM and the ERP: a JSON array of {key, userId, roles,
 * dealerCode?}; `npm start` sets the documented demo keys. Unset, no key is configured (every
 * call but health is 401, unless the app has keys of its own, as the API's admin-created ones).
 * An app refuses to start on a bad entry, e.g. a dealer key without its dealerCode.
 */
export const apiKeysEnv = z
  .string()
  .default('[]')
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    }
  })
  .pipe(z.array(configuredKeySchema, { error: expected }));

/** The variables of an app that authenticates its callers with configured keys. */
export const apiKeysEnvShape = {
  /** API keys from configuration: a JSON array of {key, userId, roles, dealerCode?}. */
  API_KEYS: apiKeysEnv,
};
