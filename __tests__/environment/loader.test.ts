import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EnvironmentFile } from "../../environment/load/load-environments";
import { defineEnvironment, loadEnvironments } from "../../environment/load/load-environments";
import { readEnvironmentFiles, readRegistryFiles } from "../../environment/load/read-files";
import { stockPersonaCatalog } from "../../personas/catalog";
import { BASE_ENVIRONMENT_TEXT as base, issueLines, patchedEnvironment } from "../helpers";

/** Loads environment files' texts together with the stock personas. */
const loadEnvironmentTexts = (files: EnvironmentFile[]) => loadEnvironments(files, stockPersonaCatalog);

describe("loading environments together", () => {
  test("reports every issue of every file in one run, by file and then in reading order", () => {
    const lines = issueLines(() =>
      loadEnvironmentTexts([
        // issues found by different stages (reference resolution, then fleet rules) come out in reading order
        { file: "environments/b.yaml", text: base.replace("ip: 10.9.0.53", "ip: 10.9.9.9").replace("persona: docker-host", "persona: dockerhost") },
        { file: "environments/a.yaml", text: "proxmox: [unclosed\n" },
        { file: "environments/c.yaml", text: `${base}extra: true\n`.replace("  vlan: 90", "  vlan: 0") },
      ]),
    );
    expect(lines).toEqual([
      "environments/b.yaml:35:5: machines[0].ip: 10.9.9.9 is outside 10.9.0.0/24",
      "environments/b.yaml:37:5: machines[1].persona: unknown persona 'dockerhost' (did you mean 'docker-host'?) (known: certificate-authority, docker-host, monitoring, networking, time-server, tools-host)",
      "environments/a.yaml:2:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]",
      "environments/c.yaml:13:3: network.vlan: must be at least 1",
      "environments/c.yaml:39:1: extra: unknown key 'extra'",
    ]);
  });

  test("reports schema and reference problems of a document together, in one run", () => {
    const text = `${base.replace("persona: docker-host", "persona: dockerhost").replace("  - name: dns-1\n", "  - name: dns-1\n    node: pve9\n")}extra: true\n`;
    expect(issueLines(() => loadEnvironmentTexts([{ file: "lab.yaml", text }]))).toEqual([
      "lab.yaml:34:5: machines[0].node: node 'pve9' is not declared in proxmox.nodes (did you mean 'pve1'?) (declared: pve1)",
      "lab.yaml:38:5: machines[1].persona: unknown persona 'dockerhost' (did you mean 'docker-host'?) (known: certificate-authority, docker-host, monitoring, networking, time-server, tools-host)",
      "lab.yaml:40:1: extra: unknown key 'extra'",
    ]);
  });

  test("names the line and column of a missing key's mapping, of an unknown key, of a list item", () => {
    const text = base.replace("  gateway: 10.9.0.1\n", "").replace("  vlan: 90\n", "  vlan: 90\n  mtu: 9000\n").replace("ip: 10.9.0.101", "ip: 10.9.0.300");
    expect(issueLines(() => loadEnvironmentTexts([{ file: "lab.yaml", text }]))).toEqual([
      "lab.yaml:8:1: network.gateway: is required",
      "lab.yaml:13:3: network.mtu: unknown key 'mtu'",
      "lab.yaml:38:5: machines[1].ip: must be an IPv4 address such as 10.2.20.53",
    ]);
  });

  test("offers the closest key inside a state backend variant", () => {
    expect(
      issueLines(() =>
        loadEnvironmentTexts([{ file: "lab.yaml", text: base.replace("access:\n", "backend:\n  type: s3\n  bukcet: tfstate\n  region: garage\naccess:\n") }]),
      ),
    ).toEqual(["lab.yaml:28:1: backend.bucket: is required", "lab.yaml:30:3: backend.bukcet: unknown key 'bukcet' (did you mean 'bucket'?)"]);
  });

  test("keeps each issue on one line, whatever characters a key holds", () => {
    expect(issueLines(() => loadEnvironmentTexts([{ file: "lab.yaml", text: `${base}"bad\\nkey": 1\n` }]))).toEqual([
      "lab.yaml:39:1: bad\\nkey: the key holds control character U+000A: values are one line of plain text",
    ]);
  });
});

describe("one entry point for files and code", () => {
  test("applies the rules across environments to a file and a declaration loaded together", () => {
    const declared = defineEnvironment(
      "staging",
      patchedEnvironment((document) => {
        document.vmids = { start: 600, end: 699 };
        document.templates["debian-12"].vmid = 690;
        document.templates["ubuntu-2404"].vmid = 691;
        document.network = { ...document.network, cidr: "10.9.1.0/24", gateway: "10.9.1.1", vlan: 91 };
        document.machines[0].ip = "10.9.1.53";
        document.machines[1].ip = "10.9.1.101";
      }),
      { source: "staging.ts" },
    );
    expect(issueLines(() => loadEnvironments([{ file: "lab.yaml", text: base }, declared], stockPersonaCatalog))).toEqual([
      "staging.ts: machines[0].name: machine name 'dns-1' is already taken (lab.yaml: machines[0].name): names are unique across all environments",
      "staging.ts: machines[1].name: machine name 'docker-1' is already taken (lab.yaml: machines[1].name): names are unique across all environments",
    ]);
  });
});

describe("readEnvironmentFiles", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "environments-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("reads every *.yaml and *.yml file, sorted, named relative to the root; the machine registries beside them are read apart", () => {
    for (const name of ["prod.yml", "lab.yaml", "lab.lock.yaml", "README.md"]) fs.writeFileSync(path.join(dir, name), name);
    expect(readEnvironmentFiles(dir, { root: path.dirname(dir) })).toEqual([
      { file: `${path.basename(dir)}/lab.yaml`, text: "lab.yaml" },
      { file: `${path.basename(dir)}/prod.yml`, text: "prod.yml" },
    ]);
    expect(readRegistryFiles(dir, { root: path.dirname(dir) })).toEqual([
      { environment: "lab", file: `${path.basename(dir)}/lab.lock.yaml`, text: "lab.lock.yaml" },
    ]);
  });

  test("reports a directory that holds no environment, or is not there", () => {
    expect(issueLines(() => readEnvironmentFiles(dir, { root: dir }))).toEqual([".: holds no environment (*.yaml) files"]);
    expect(issueLines(() => readEnvironmentFiles(path.join(dir, "missing"), { root: dir }))).toEqual(["missing: environment directory does not exist"]);
  });
});
