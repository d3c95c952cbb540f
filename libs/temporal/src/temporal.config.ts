import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { env } from '@throughline/common';
import type { ConnectionOptions } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { parsePayloadKeys, type PayloadKey } from './codec/payload-keys';

export const temporalEnvSchema = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d{1,5}$/, 'expected host:port, e.g. localhost:7233')
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** Temporal Cloud / secured clusters: an API key implies TLS. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: env.bool(false),
  /**
   * The keys that encrypt payloads (inputs, results, Updates, memos) before they reach Temporal:
   * `<id>:<base64 of 32 random bytes>`, comma-separated; the first encrypts, all decrypt.
   * Required unless THROUGHLINE_MODE=dev (see payloadCodecsOf).
   */
  TEMPORAL_PAYLOAD_KEYS: payloadKeysEnv('TEMPORAL_PAYLOAD_KEYS').optional(),
  /** The same list in a file (one key a line, `#` comments); instead of TEMPORAL_PAYLOAD_KEYS. */
  TEMPORAL_PAYLOAD_KEYS_FILE: z
    .string()
    .min(1)
    .transform((file, ctx) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `cannot read the key file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        });
        return z.NEVER;
      }
      return keysOrIssues(text, ctx);
    })
    .optional(),
  /**
   * `dev` on a developer's machine only: there, an app without payload keys starts and leaves
   * payloads unencrypted. Anything else (the default `production`) refuses to start without keys.
   */
  THROUGHLINE_MODE: z
    .enum(['production', 'dev'], { error: 'expected production or dev' })
    .default('production'),
});

export type TemporalEnv = z.infer<typeof temporalEnvSchema>;

/**
 * Parses a payload key list. Each problem's path names the key id (or the entry's position), so
 * the configuration error never echoes a key.
 */
function keysOrIssues(text: string, ctx: z.RefinementCtx): PayloadKey[] {
  const { keys, problems } = parsePayloadKeys(text);
  for (const problem of problems) {
    ctx.addIssue({ code: 'custom', path: [problem.where], message: problem.message });
  }
  return problems.length > 0 ? z.NEVER : keys;
}

function payloadKeysEnv(name: string) {
  return z
    .string({ error: `expected <id>:<base64 key>[,<id>:<base64 key>...] in ${name}` })
    .transform((text, ctx) => keysOrIssues(text, ctx));
}

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
