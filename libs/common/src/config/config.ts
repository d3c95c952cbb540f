import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose values are never echoed in a configuration error (keys, secrets, tokens). */
export function isSecretName(name: string): boolean {
  return /KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL/i.test(name);
}

/**
 * Validates environment variables against a schema whose keys are the variable names.
 * Every bad variable is reported at once, each with what was expected.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const raw = env[String(issue.path[0])];
    const shown =
      raw === undefined
        ? 'unset'
        : issue.path.length > 1 || isSecretName(String(issue.path[0]))
          ? 'in the value given'
          : `got ${JSON.stringify(raw.replace(/\/\/[^/@\s]*@/, '//[credentials]@'))}`;
    return `${name}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(problems);
}

/** Environment variable parsers with messages that name what is expected. */
export const env = {
  port: (fallback: number) =>
    z.coerce
      .number({ error: 'expected a TCP port number' })
      .int('expected a TCP port number')
      .min(0, 'expected a port between 0 and 65535')
      .max(65535, 'expected a port between 0 and 65535')
      .default(fallback),
  positiveInt: (fallback: number) =>
    z.coerce
      .number({ error: 'expected a positive integer' })
      .int('expected a positive integer')
      .positive('expected a positive integer')
      .default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1'),
  postgresUrl: () =>
    z
      .string({ error: 'required: a PostgreSQL URL such as postgres://user@host:5432/db' })
      .regex(
        /^postgres(ql)?:\/\/.+/,
        'expected a PostgreSQL URL such as postgres://user@host:5432/db',
      ),
  httpUrl: (fallback: string) =>
    z.url({ error: 'expected an http(s) URL', protocol: /^https?$/ }).default(fallback),
  /** A secret of at least `minBytes` random bytes, given base64-encoded (`openssl rand -base64 32`). */
  base64Secret: (minBytes: number) =>
    z
      .string({
        error: `required: ${minBytes} or more random bytes, base64 (openssl rand -base64 ${minBytes})`,
      })
      .transform((text, ctx) => {
        const bytes = Buffer.from(text.trim(), 'base64');
        if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text.trim()) || bytes.length < minBytes) {
          ctx.addIssue({
            code: 'custom',
            message: `expected ${minBytes} or more random bytes, base64 (openssl rand -base64 ${minBytes})`,
          });
          return z.NEVER;
        }
        return bytes;
      }),
  logLevel: () =>
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'expected one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
};
