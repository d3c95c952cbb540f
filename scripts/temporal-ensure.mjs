#!/usr/bin/env node
// Finds or provisions the Temporal CLI (dev server + Web UI) without assuming internet access.
// Order: $TEMPORAL_CLI, `temporal` on PATH, the project cache (.tools/bin), `go install` from the
// Go module proxy (Go >= 1.25), then the CLI archive the Temporal SDK itself downloads.
// Prints progress on stderr; with --print-path prints only the binary's path on stdout.
import './require-node.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, chmodSync, rmSync, readdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MIN_GO = [1, 25];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, '.tools', 'bin');
const cachedBinary = path.join(cacheDir, 'temporal');

const say = (message) => process.stderr.write(`[temporal:ensure] ${message}\n`);

/** Returns the version line when `bin` is a working Temporal CLI, otherwise undefined. */
function probe(bin) {
  const result = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.status === 0 && /temporal version/i.test(result.stdout)) return result.stdout.trim();
  return undefined;
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function goBinary() {
  const found =
    onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!found) return undefined;
  const out = spawnSync(found, ['version'], { encoding: 'utf8' }).stdout ?? '';
  const match = /go(\d+)\.(\d+)/.exec(out);
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const recentEnough = major > MIN_GO[0] || (major === MIN_GO[0] && minor >= MIN_GO[1]);
  return recentEnough
    ? { bin: found, version: out.trim() }
    : { bin: found, version: out.trim(), tooOld: true };
}

function buildWithGo(go) {
  mkdirSync(cacheDir, { recursive: true });
  say(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${go.version}`);
  say('the first build downloads ~240 Go modules and takes several minutes; later runs reuse it');
  const started = Date.now();
  const result = spawnSync(go.bin, ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOBIN: cacheDir },
  });
  if (result.status !== 0) {
    say(`go install failed with exit code ${result.status}`);
    return undefined;
  }
  say(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  return probe(cachedBinary) ? cachedBinary : undefined;
}

async function downloadLikeTheSdk() {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[process.platform];
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  if (!platform || !arch) return undefined;
  const url = `https://temporal.download/cli/archive/latest?platform=${platform}&arch=${arch}&sdk-name=sdk-typescript&sdk-version=1.24.0`;
  say(`trying the Temporal CLI archive the SDK downloads (${url})`);
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    say(`download not reachable: ${error.cause?.code ?? error.message}`);
    return undefined;
  }
  if (!response.ok) {
    say(`download failed: HTTP ${response.status}`);
    return undefined;
  }
  const work = path.join(tmpdir(), `throughline-temporal-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const archive = path.join(work, 'temporal.tar.gz');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(archive, Buffer.from(await response.arrayBuffer()));
  execFileSync('tar', ['-xzf', archive, '-C', work]);
  const extracted = readdirSync(work).find((f) => f === 'temporal');
  if (!extracted) return undefined;
  mkdirSync(cacheDir, { recursive: true });
  renameSync(path.join(work, extracted), cachedBinary);
  chmodSync(cachedBinary, 0o755);
  rmSync(work, { recursive: true, force: true });
  return probe(cachedBinary) ? cachedBinary : undefined;
}

/** Resolves a working Temporal CLI, provisioning it when needed. Throws with what to install. */
export async function ensureTemporalCli() {
  const explicit = process.env.TEMPORAL_CLI;
  if (explicit) {
    const version = probe(explicit);
    if (version) {
      say(`using TEMPORAL_CLI=${explicit} (${version})`);
      return explicit;
    }
    throw new Error(
      `TEMPORAL_CLI=${explicit} is not a working Temporal CLI (\`${explicit} --version\` failed)`,
    );
  }
  const fromPath = onPath('temporal');
  if (fromPath && probe(fromPath)) {
    say(`using ${fromPath} from PATH (${probe(fromPath)})`);
    return fromPath;
  }
  if (existsSync(cachedBinary)) {
    const version = probe(cachedBinary);
    if (version) {
      say(`using cached ${path.relative(root, cachedBinary)} (${version})`);
      return cachedBinary;
    }
    say(`cached ${cachedBinary} does not run; provisioning it again`);
    rmSync(cachedBinary, { force: true });
  }
  const go = goBinary();
  if (go && !go.tooOld) {
    const built = buildWithGo(go);
    if (built) return built;
  } else if (go?.tooOld) {
    say(`${go.version} is too old to build the Temporal CLI (needs Go >= ${MIN_GO.join('.')})`);
  } else {
    say('Go is not installed; cannot build the Temporal CLI from source');
  }
  const downloaded = await downloadLikeTheSdk();
  if (downloaded) return downloaded;
  throw new Error(
    [
      'No Temporal CLI available. Do one of:',
      `  - install Go >= ${MIN_GO.join('.')} (https://go.dev/dl) and run npm run temporal:ensure again;`,
      '  - install the Temporal CLI (https://docs.temporal.io/cli) and put `temporal` on PATH;',
      '  - set TEMPORAL_CLI to the path of a temporal binary.',
    ].join('\n'),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureTemporalCli().then(
    (bin) => {
      if (process.argv.includes('--print-path')) process.stdout.write(`${bin}\n`);
      else say(`ready: ${bin}`);
    },
    (error) => {
      say(error.message);
      process.exit(1);
    },
  );
}
