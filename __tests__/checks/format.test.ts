import { compareProblems, formatProblem, formatSummary, type Problem } from "../../checks/provider-schema";

const problem = (overrides: Partial<Problem>): Problem => ({
  severity: "error",
  stack: "lab",
  address: "proxmox_virtual_environment_vm.lab-dns-1",
  path: "initialization[0].ip_config[0].ipv4[0].address",
  message: "string required, got a mapping",
  ...overrides,
});

describe("formatting", () => {
  test("one line per problem: stack, address, path, message", () => {
    expect(formatProblem(problem({}))).toBe(
      "lab: proxmox_virtual_environment_vm.lab-dns-1: initialization[0].ip_config[0].ipv4[0].address: string required, got a mapping",
    );
  });

  test("a problem about a whole block leaves the path out", () => {
    expect(formatProblem(problem({ address: "data.proxmox_x.y", path: "", message: "unknown data source type" }))).toBe(
      "lab: data.proxmox_x.y: unknown data source type",
    );
  });

  test("the summary counts stacks, resources, data sources, errors and warnings", () => {
    const problems = [problem({}), problem({ severity: "warning" }), problem({ severity: "warning" })];
    expect(formatSummary({ stacks: ["lab", "prod", "staging"], resources: 12, dataSources: 1, problems })).toBe(
      "checked 3 stacks, 12 resources, 1 data source: 1 error, 2 warnings",
    );
  });

  test("problems sort by stack, address, path, then errors before warnings", () => {
    const unsorted = [
      problem({ stack: "prod" }),
      problem({ severity: "warning", path: "a" }),
      problem({ path: "a", message: "b" }),
      problem({ path: "a", message: "a" }),
      problem({ address: "provider.proxmox" }),
    ];
    expect([...unsorted].sort(compareProblems)).toEqual([unsorted[4], unsorted[3], unsorted[2], unsorted[1], unsorted[0]]);
  });
});
