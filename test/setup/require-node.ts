// Imported first by jest's global setup: the suite runs on the Node major that package.json pins
// (devDependency `node`); `npm test` puts node_modules/.bin/node first on PATH. Anything else
// stops here with what to do, before a test can fail for a reason that only looks related.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
  devDependencies?: Record<string, string>;
};
const pinned = pkg.devDependencies?.node ?? '';
const wanted = pinned.split('.')[0];
if (wanted && process.versions.node.split('.')[0] !== wanted) {
  throw new Error(
    `The tests run on Node ${pinned} (the npm package \`node\` pinned in package.json), but ` +
      `jest runs on Node ${process.versions.node} (${process.execPath}). Run them with ` +
      '`npm test` (after `npm ci`), which puts node_modules/.bin/node first on PATH.',
  );
}
