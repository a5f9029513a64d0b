/** Jest runs the TypeScript through @swc/jest (no type-checking here: `tsc --noEmit` does that once). */
module.exports = {
  testEnvironment: "node",
  // jest's default (cores - 1) is one worker on a 2-core machine; several suites wait on child processes
  maxWorkers: 2,
  roots: ["<rootDir>/__tests__"],
  // a snapshot that is not there fails instead of being written: new ones are written on purpose (`npx jest -u`), and read
  ci: true,
  testMatch: ["**/*.test.ts"],
  globalSetup: "<rootDir>/__tests__/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/global-teardown.ts",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
};
