// Unit specs live beside the code (*.spec.ts); suites that run real Temporal, PostgreSQL and
// workers live in test/ (*.test.ts). Global setup starts one Temporal dev server and prepares
// one database per run; each jest worker gets its own Temporal namespace.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

// MikroORM 7 and NestJS 12 ship as ES modules that the CommonJS tests require();
// jest's loader can do that only on a Node run with --experimental-vm-modules (`npm run jest`).
const vmModules = '--experimental-vm-modules';
if (
  !process.execArgv.includes(vmModules) &&
  !(process.env.NODE_OPTIONS ?? '').includes(vmModules)
) {
  throw new Error(
    `jest must run on node ${vmModules} to load the ES-module packages: use \`npm test\` ` +
      'or `npm run jest -- <files>` instead of `npx jest`.',
  );
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/apps',
    '<rootDir>/libs',
    '<rootDir>/workflows',
    '<rootDir>/activities',
    '<rootDir>/test',
  ],
  testMatch: ['**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/worker-env.ts'],
  maxWorkers: 2,
  testTimeout: 120000,
  slowTestThreshold: 30,
};
