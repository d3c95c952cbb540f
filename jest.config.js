// Unit specs live beside the code (*.spec.ts); suites that run real Temporal, PostgreSQL and
// workers live in test/ (*.test.ts). Global setup starts one Temporal dev server and prepares
// one database per run; each jest worker gets its own Temporal namespace.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

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
