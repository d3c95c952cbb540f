// Secrets for the dev stack (`npm start`): generated once, kept under .data/secrets/ (git-ignored,
// readable by the owner only) and reused on every start, so ids and encrypted histories made
// yesterday still match today. Production brings its own through the environment.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The base64 secret stored as .data/secrets/<name>, made of `bytes` random bytes on first use. */
export function devSecret(dataDir, name, bytes = 32) {
  const dir = path.join(dataDir, 'secrets');
  const file = path.join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(bytes).toString('base64');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
