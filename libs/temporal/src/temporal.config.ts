import { z } from 'zod';
import { env } from '@throughline/common';
import type { ConnectionOptions } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';

export const temporalEnvSchema = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d{1,5}$/, 'expected host:port, e.g. localhost:7233')
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** Temporal Cloud / secured clusters: an API key implies TLS. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: env.bool(false),
});

export type TemporalEnv = z.infer<typeof temporalEnvSchema>;

/** Fault injection for tests only, on the workers of a system of record. */
export const activityFaultEnvShape = {
  /** Hold each activity result this long before reporting it. */
  FAULT_ACTIVITY_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** The activities delayed, comma-separated (all when empty). */
  FAULT_ACTIVITY_NAMES: z
    .string()
    .default('')
    .transform((names) =>
      names
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
};

export function connectionOptions(
  config: TemporalEnv,
): ConnectionOptions & NativeConnectionOptions {
  const tls = config.TEMPORAL_TLS || config.TEMPORAL_API_KEY !== undefined;
  return {
    address: config.TEMPORAL_ADDRESS,
    ...(tls ? { tls: true } : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}
