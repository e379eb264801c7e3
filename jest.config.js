// @ts-check
/** Jest projects: unit tests beside the code, end-to-end tests in test/. */
const common = {
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  restoreMocks: true,
  // ts-jest only transpiles (isolatedModules); `npm run typecheck` type-checks.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{common,gateway,subgraphs,schema,cli}/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e.test.ts'] },
  ],
  testTimeout: 60000,
};
