import { z } from 'zod';
import { appEnvShape, env } from '@throughline/common';
import { temporalEnvSchema } from '@throughline/temporal';

export const orchestratorConfigSchema = z.object({
  ...appEnvShape,
  ...temporalEnvSchema.shape,
  ORCHESTRATOR_PORT: env.port(3003),
  ORCHESTRATOR_MAX_CONCURRENT_WORKFLOW_TASKS: env.positiveInt(40),
  /** A prebuilt workflow bundle; defaults to dist/workflow-bundle.js when it exists. */
  WORKFLOW_BUNDLE: z.string().min(1).optional(),
});

export type OrchestratorConfig = z.infer<typeof orchestratorConfigSchema>;
