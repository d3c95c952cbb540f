import { z } from 'zod';
import { appEnvShape, env } from '@throughline/common';
import { databaseEnvSchema } from '@throughline/database';
import { temporalEnvSchema } from '@throughline/temporal';
import { apiKeysEnv } from './auth/api-keys.config';

export const apiConfigSchema = z.object({
  ...appEnvShape,
  ...temporalEnvSchema.shape,
  ...databaseEnvSchema.shape,
  API_PORT: env.port(3000),
  /** API keys from configuration: a JSON array of {key, userId, roles}. */
  API_KEYS: apiKeysEnv,
  CRM_URL: env.httpUrl('http://localhost:3001'),
  ERP_URL: env.httpUrl('http://localhost:3002'),
  /** Where ops open the Temporal Web UI; used for links in process responses. */
  TEMPORAL_UI_URL: env.httpUrl('http://localhost:8233'),
  /** Start-to-close timeout of one CRM/ERP activity attempt in the processes started here. */
  PROCESS_ACTIVITY_TIMEOUT_MS: env.positiveInt(30_000),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const API_CONFIG = Symbol('API_CONFIG');
export const PROCESS_CATALOG = Symbol('PROCESS_CATALOG');
