/** Jest runs the TypeScript tests through ts-jest (type-checked by `npm test`'s tsc step first). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
  // Real tools (kubeconform, checkov, promtool, Prometheus) take seconds per run.
  testTimeout: 300000,
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
