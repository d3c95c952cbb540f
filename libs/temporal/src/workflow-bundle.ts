import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import path from 'node:path';
import tsconfig from '../../../tsconfig.json';

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
export function bundleWorkflows(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath,
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
