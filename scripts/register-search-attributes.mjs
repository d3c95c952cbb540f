#!/usr/bin/env node
// Registers the project's custom search attributes on an existing Temporal cluster (production;
// the dev server started by `npm start` and the tests registers them itself).
// Uses TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE (default localhost:7233 / default).
import './require-node.mjs';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTemporalCli } from './temporal-ensure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const attributes = JSON.parse(
  readFileSync(path.join(root, 'libs/contracts/src/search-attributes.json'), 'utf8'),
);
const address = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
const cli = await ensureTemporalCli();
const extra = process.env.TEMPORAL_API_KEY
  ? ['--api-key', process.env.TEMPORAL_API_KEY, '--tls']
  : [];
let failed = 0;
for (const [name, type] of Object.entries(attributes)) {
  const result = spawnSync(
    cli,
    [
      'operator',
      'search-attribute',
      'create',
      '--address',
      address,
      '--namespace',
      namespace,
      '--name',
      name,
      '--type',
      type,
      ...extra,
    ],
    { encoding: 'utf8' },
  );
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status === 0) console.log(`registered ${name} (${type})`);
  else if (/already exists/i.test(output)) console.log(`${name} already registered`);
  else {
    failed += 1;
    console.error(`could not register ${name}: ${output}`);
  }
}
process.exit(failed ? 1 : 0);
