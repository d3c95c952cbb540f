import {
  bundleWorkflowCode,
  DefaultLogger,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { Logger } from 'pino';
import path from 'node:path';
import tsconfig from '../../../tsconfig.json';
import { FAILURE_CONVERTER_PATH } from './codec/payload-encryption';

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** The tsconfig path aliases as webpack aliases, so workflows import libs the same way as apps. */
function aliasesFromTsconfig(): Record<string, string> {
  const root = path.resolve(__dirname, '../../..');
  return Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [
      alias,
      path.join(root, target),
    ]),
  );
}

/**
 * Bundles the workflow code once per process (webpack takes over a second). Production prebuilds
 * the bundle with `npm run build` and passes its path instead.
 */
export function bundleWorkflows(
  workflowsPath: string,
  logger?: Logger,
): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath,
      failureConverterPath: FAILURE_CONVERTER_PATH,
      // webpack's report is noise in app logs; only warnings and errors pass.
      logger: new DefaultLogger('WARN', (entry) =>
        logger?.[entry.level === 'ERROR' ? 'error' : 'warn'](entry.meta ?? {}, entry.message),
      ),
      webpackConfigHook: (config) => {
        config.resolve = config.resolve ?? {};
        config.resolve.alias = { ...(config.resolve.alias as object), ...aliasesFromTsconfig() };
        return config;
      },
    });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}
