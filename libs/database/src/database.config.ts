import { z } from 'zod';
import { env } from '@throughline/common';

/** Environment variables of every app that owns a schema. */
export const databaseEnvSchema = z.object({
  DATABASE_URL: env.postgresUrl(),
  DATABASE_POOL_MAX: env.positiveInt(10),
  DATABASE_DEBUG: env.bool(false),
});

export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;
