/**
 * `npm run e2e`: the end-to-end suite, real cdktf-cli, Terraform and providers against the Proxmox
 * VE simulator (needs `npm run tools` and Debian's openssh-server). Not part of `npm test`.
 */
module.exports = {
  testEnvironment: "node",
  // each file drives its own simulator and terraform runs; two at once keep both cores busy
  maxWorkers: 2,
  roots: ["<rootDir>/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  testTimeout: 10 * 60 * 1000,
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
};
