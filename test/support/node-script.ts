import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './infrastructure';

export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the project's scripts from dist/ (as `npm run ...` does) without blocking this
 * process: the embedded PostgreSQL the script talks to may be served from this very process.
 */
export function runScript(
  relativeEntry: string,
  env: Record<string, string | undefined> = {},
): Promise<ScriptResult> {
  const root = projectRoot();
  const entry = path.join(root, relativeEntry);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build (npm test does)`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}
