#!/usr/bin/env node
// Compiles the TypeScript sources to dist/ (incremental), rewrites the path aliases to relative
// imports so dist/ runs on plain node, and prebuilds the workflow bundle used in production.
import './require-node.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const started = Date.now();
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('tsc-alias'), ['-p', 'tsconfig.build.json']);

const workflowsPath = path.join(root, 'dist', 'workflows', 'index.js');
if (existsSync(workflowsPath) && !process.argv.includes('--no-bundle')) {
  const { bundleWorkflowCode } = require('@temporalio/worker');
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    // Failure messages as encrypted payloads (libs/temporal/src/codec/failure-converter.ts).
    failureConverterPath: path.join(root, 'dist/libs/temporal/src/codec/failure-converter.js'),
    logger: quietLogger(),
  });
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  writeFileSync(path.join(root, 'dist', 'workflow-bundle.js'), code);
}
process.stderr.write(`[build] dist/ ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

function quietLogger() {
  const noop = () => undefined;
  return {
    trace: noop,
    debug: noop,
    info: noop,
    warn: console.warn,
    error: console.error,
    log: noop,
  };
}
