// `npm run openapi`: writes docs/openapi.json, the document GET /docs-json serves.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApiOpenApi } from './openapi';

buildApiOpenApi().then(
  (document) => {
    const file = path.resolve(process.cwd(), 'docs/openapi.json');
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    process.stdout.write(`wrote ${file} (${Object.keys(document.paths).length} paths)\n`);
  },
  (error: unknown) => {
    process.stderr.write(
      `openapi failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
