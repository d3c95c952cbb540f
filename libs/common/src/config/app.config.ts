import { z } from 'zod';
import { ConfigError, env, loadConfig } from './config';

/** Variables every app reads. */
export const appEnvShape = {
  LOG_LEVEL: env.logLevel(),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'expected json or pretty' }).default('json'),
  /**
   * Where the HTTP port listens: this machine only unless configured (a container sets 0.0.0.0
   * and publishes the port on purpose).
   */
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
};

/** loadConfig for a process entry point: prints every problem and exits 1. */
export function loadConfigOrExit<S extends z.ZodObject>(schema: S, app: string): z.infer<S> {
  try {
    return loadConfig(schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`[${app}] ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
