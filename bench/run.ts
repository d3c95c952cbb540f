// `npm run bench [name...]`: runs the benchmarks one after another and writes
// bench/results/<name>.json and bench/results/README.md. Figures are for comparison on the same
// machine (medians and ratios); these machines are shared and noisy.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { apiLatencyBench } from './api-latency.bench';
import { leadToCashBench } from './lead-to-cash.bench';
import { serviceCaseBench } from './service-case.bench';
import type { BenchResult } from './bench-stack';

/** The ERP's own benchmark (apps/erp/src/bench), run as its script and summarised here. */
async function erpReservationsBench(): Promise<BenchResult> {
  const root = process.cwd();
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'dist/apps/erp/src/bench/reservations.bench.js')],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error(`erp-reservations exited with ${result.status}`);
  const raw = JSON.parse(readFileSync(path.join(resultsDir, 'erp-reservations.json'), 'utf8')) as {
    description: string;
    at: string;
    callers: number;
    reservations: number;
    reservationsPerSecond: number;
    latencyMs: { p50: number; p95: number; p99: number };
    check: { invariants: string };
    machine: { cpus: number; node: string };
  };
  return {
    name: 'erp-reservations',
    description: `${raw.description}, ${raw.callers} concurrent callers (real PostgreSQL)`,
    rows: [
      {
        callers: raw.callers,
        reservations: raw.reservations,
        'reservations/s': raw.reservationsPerSecond,
        'p50 ms': raw.latencyMs.p50,
        'p95 ms': raw.latencyMs.p95,
        'p99 ms': raw.latencyMs.p99,
        invariants: raw.check.invariants,
      },
    ],
    machine: raw.machine,
    at: raw.at,
  };
}

const benches: Record<string, () => Promise<BenchResult>> = {
  'api-latency': apiLatencyBench,
  'erp-reservations': erpReservationsBench,
  'lead-to-cash': leadToCashBench,
  'service-case': serviceCaseBench,
};

const resultsDir = path.resolve(process.cwd(), 'bench/results');

function table(rows: Record<string, string | number>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map((c) => String(row[c])).join(' | ')} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !benches[name]);
  if (unknown.length)
    throw new Error(
      `unknown benchmark(s) ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`,
    );
  mkdirSync(resultsDir, { recursive: true });
  for (const [name, bench] of Object.entries(benches)) {
    if (wanted.length && !wanted.includes(name)) continue;
    process.stderr.write(`[bench] ${name}...\n`);
    const result = await bench();
    process.stderr.write(`[bench] ${name} done\n`);
    writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`\n${result.description}\n\n${table(result.rows)}\n`);
  }
  const all = readdirSync(resultsDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8')) as BenchResult)
    .filter((result) => Array.isArray(result.rows));
  const markdown = [
    '# Benchmark results',
    '',
    'Written by `npm run bench`. Shared 2-core machines: compare medians and ratios, not absolutes.',
    ...all.flatMap((r) => [
      '',
      `## ${r.name}`,
      '',
      `${r.description} — ${r.at}, ${r.machine.cpus} CPUs, Node ${r.machine.node}`,
      '',
      table(r.rows),
    ]),
    '',
  ].join('\n');
  writeFileSync(path.join(resultsDir, 'README.md'), markdown);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `[bench] failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
