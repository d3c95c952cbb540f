// Runs in each jest worker before its suites: points the apps under test at the run's servers.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { namespaceForWorker, type TestEnv } from './test-env';

const file = process.env.THROUGHLINE_TEST_ENV_FILE;
if (!file)
  throw new Error(
    'THROUGHLINE_TEST_ENV_FILE is unset: run the suites through jest (global setup sets it)',
  );
const testEnv = JSON.parse(readFileSync(file, 'utf8')) as TestEnv;
process.env.TEMPORAL_ADDRESS = testEnv.TEMPORAL_ADDRESS;
process.env.DATABASE_URL = testEnv.DATABASE_URL;
process.env.TEMPORAL_NAMESPACE = namespaceForWorker(process.env.JEST_WORKER_ID);
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'warn';
// Every test runs as production does, payloads encrypted with the run's key, whatever the shell
// has set.
process.env.TEMPORAL_PAYLOAD_KEYS = testEnv.TEMPORAL_PAYLOAD_KEYS;
delete process.env.TEMPORAL_PAYLOAD_KEYS_FILE;
process.env.THROUGHLINE_MODE = 'production';
// A fresh secret per worker: nothing may depend on one value (tests compute keys from this one).
process.env.SUBJECT_KEY_SECRET ??= randomBytes(32).toString('base64');
