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

/**
 * How the workers of a system of record treat failing activities, and fault injection for
 * tests only (FAULT_*).
 */
export const activityFaultEnvShape = {
  /**
   * An error that is neither a business refusal nor an infrastructure outage is tried this many
   * times, then the step fails and the process parks for ops.
   */
  ACTIVITY_UNEXPECTED_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * Tests: in a workflow whose id contains `fault-<activity type>`, the first N executions of
   * that activity fail with an unexpected error (0: no fault).
   */
  FAULT_ACTIVITY_FAILURES: z.coerce
    .number()
    .int()
    .min(0)
    .max(100)
    .default(0)
    .transform((times) => (times > 0 ? { times, failed: new Map<string, number>() } : undefined)),
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
