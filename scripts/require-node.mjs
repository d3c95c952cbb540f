// Imported first by every script: fails fast, with what to do, when a script runs on a Node
// major other than the one package.json pins (devDependency `node`, installed into
// node_modules/.bin by `npm ci`; npm scripts put that first on PATH).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(
  readFileSync(fileURLToPath(new globalThis.URL('../package.json', import.meta.url)), 'utf8'),
);
const pinned = pkg.devDependencies?.node ?? '';
const wanted = pinned.split('.')[0];
const running = process.versions.node.split('.')[0];
if (wanted && running !== wanted) {
  process.stderr.write(
    `Throughline runs on Node ${pinned} (the npm package \`node\` pinned in package.json), ` +
      `but this is Node ${process.versions.node} (${process.execPath}).\n` +
      'Run it through npm (`npm ci` once, then `npm start`, `npm test`, `npm run <script>`), ' +
      'which puts node_modules/.bin/node first on PATH.\n',
  );
  process.exit(1);
}
