// The app catalogue: what an environment may declare in apps and composeStackDirs, every rule it can
// break (as a patch over the base document and the exact lines reported), and what it resolves to.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ComposeStackCatalog } from "../../environment/compose-stacks";
import { portEnvName } from "../../environment/compose-stacks";
import { readComposeStacks } from "../../environment/load/compose-stacks";
import { defineEnvironment, loadEnvironments } from "../../environment/load/load-environments";
import type { EnvironmentInput } from "../../environment/schema";
import type { Persona } from "../../environment/persona";
import { personaCatalog, stockPersonaCatalog } from "../../personas/catalog";
import { dockerHostPersona, STOCK_PERSONAS } from "../../personas/stock-personas";
import { issueLines, patchedEnvironment, PROJECT_ROOT } from "../helpers";

/** An environment document as a patch sees it: any value may be made wrong. */
type Document = Record<string, any>;

/** The stacks the rules are checked against here: four, one publishing no port, and a folder `extra` with one more. */
const CATALOG: ComposeStackCatalog = {
  stacks: [
    { name: "uptime-kuma", envNames: ["TZ", "UPTIME_KUMA_PORT"] },
    { name: "whoami", envNames: ["WHOAMI_PORT"] },
    { name: "notes", envNames: ["NOTES_PORT"] },
    { name: "sidecar", envNames: ["TZ"] },
  ],
  stacksIn: (folder) => (folder === "extra" ? [{ name: "wiki", envNames: ["WIKI_PORT", "WIKI_TITLE"] }] : undefined),
};

/** The base document with a CA and two apps on its docker host, then `change` applied. */
function withApps(change: (document: Document) => void = () => undefined): EnvironmentInput {
  return patchedEnvironment((document) => {
    const d = document as Document;
    d.machines.push({ name: "ca-1", persona: "certificate-authority", ip: "10.9.0.54" });
    d.apps = [
      { name: "whoami", machine: "docker-1", stack: "whoami", port: 8080 },
      { name: "uptime", machine: "docker-1", stack: "uptime-kuma", port: 3001, hostname: "status.test.home.arpa", env: { TZ: "Europe/Berlin" } },
    ];
    change(d);
  });
}

/** Loads one environment `test` written in code, checked against {@link CATALOG}. */
function load(input: EnvironmentInput) {
  return loadEnvironments([defineEnvironment("test", input, { source: "test.yaml" })], stockPersonaCatalog, { composeStacks: CATALOG });
}

const INVALID: readonly [rule: string, input: EnvironmentInput, lines: string[]][] = [
  // the schema
  [
    "a malformed app",
    withApps((d) => {
      d.apps[0] = { name: "Who", machine: "docker-1", stack: "whoami", port: 70000, hostname: "-x", volumeGiB: 0, description: "two\nlines", extra: 1 };
    }),
    [
      "test.yaml: apps[0].name: must be an RFC 1123 host label (a-z, 0-9, inner '-', 1-63 characters)",
      "test.yaml: apps[0].port: must be at most 65535",
      "test.yaml: apps[0].hostname: must be a DNS domain such as lab.home.arpa",
      "test.yaml: apps[0].volumeGiB: must be at least 1",
      "test.yaml: apps[0].description: must be one line without control characters",
      "test.yaml: apps[0].extra: unknown key 'extra'",
    ],
  ],
  [
    "settings that are no variable name, span lines or are no scalar",
    withApps((d) => {
      d.apps[0].env = { "1X": "a", NOTE: "one\ntwo", LIST: [1] };
    }),
    [
      "test.yaml: apps[0].env.1X: key '1X' must be an environment variable name (letters, digits, '_', not starting with a digit)",
      "test.yaml: apps[0].env.NOTE: the value holds control character U+000A: values are one line of plain text",
      "test.yaml: apps[0].env.LIST: matches none of the allowed forms",
    ],
  ],
  [
    "a setting that looks like a secret",
    withApps((d) => {
      d.apps[0].env = { DB_PASSWORD: "x" };
    }),
    [
      "test.yaml: apps[0].env.DB_PASSWORD: 'DB_PASSWORD' looks like a credential: keep secrets out of environment files: the provider reads PROXMOX_VE_API_TOKEN, state backends PG_CONN_STR and AWS_* from environment variables (or encrypt them with sops)",
    ],
  ],
  [
    "a stack folder given as an absolute path",
    withApps((d) => {
      d.composeStackDirs = ["/srv/stacks"];
    }),
    [
      "test.yaml: composeStackDirs[0]: must be a folder relative to the project root, such as stacks or ../my-stacks (no absolute path: the inventory must not depend on the checkout's location)",
    ],
  ],
  // references, resolved against the machines
  [
    "an app on a machine that does not exist, or runs no Compose workloads",
    withApps((d) => {
      d.apps[0].machine = "docker-2";
      d.apps[1].machine = "dns-1";
    }),
    [
      "test.yaml: apps[0].machine: no machine named 'docker-2' in this environment (did you mean 'docker-1'?)",
      "test.yaml: apps[1].machine: dns-1 (persona networking) does not run compose_apps: an app goes on a machine that does (docker-1)",
    ],
  ],
  [
    "a setting the app's port sets",
    withApps((d) => {
      d.apps[0].env = { WHOAMI_PORT: 9000 };
    }),
    ["test.yaml: apps[0].env.WHOAMI_PORT: is set from apps[0].port (the stack publishes the app's port as WHOAMI_PORT)"],
  ],
  // the catalogue's own rules
  [
    "apps without a reverse proxy or a CA in the environment",
    withApps((d) => {
      d.machines = d.machines.filter((machine: Document) => machine.persona === "docker-host");
    }),
    [
      "test.yaml: apps: the apps need a machine with the reverse_proxy service (their reverse proxy sites, and the target of their DNS names); this environment has none",
      "test.yaml: apps: the apps need a machine with the certificate_authority service (the lab CA their certificates come from by ACME); this environment has none",
    ],
  ],
  [
    "names and hostnames taken twice",
    withApps((d) => {
      d.apps[1].name = "whoami";
      d.apps[1].hostname = "whoami.test.home.arpa";
    }),
    [
      "test.yaml: apps[1].name: app name 'whoami' is already taken (apps[0].name)",
      "test.yaml: apps[1].hostname: hostname whoami.test.home.arpa is already taken (apps[0].hostname)",
    ],
  ],
  [
    "hostnames outside the domain, of the domain itself and of a machine",
    withApps((d) => {
      d.apps[0].hostname = "whoami.example.org";
      d.apps[1].hostname = "test.home.arpa";
      d.apps.push({ name: "web", machine: "docker-1", stack: "notes", port: 8081, hostname: "dns-1.test.home.arpa" });
    }),
    [
      "test.yaml: apps[0].hostname: whoami.example.org is outside the environment's domain test.home.arpa: its DNS serves names inside it only",
      "test.yaml: apps[1].hostname: test.home.arpa is the domain itself: an app needs a name inside it",
      "test.yaml: apps[2].hostname: dns-1.test.home.arpa is the name of machine dns-1: an app needs a name of its own",
    ],
  ],
  [
    "a port of the machine's own services, or of another app there",
    withApps((d) => {
      d.apps[0].port = 9100;
      d.apps.push({ name: "web", machine: "docker-1", stack: "notes", port: 3001 });
    }),
    [
      "test.yaml: apps[0].port: port 9100 is taken on docker-1 by its own services (22/tcp, 9100/tcp)",
      "test.yaml: apps[2].port: port 3001 on docker-1 is already taken by another app (apps[1].port)",
    ],
  ],
  [
    "one stack twice on one machine",
    withApps((d) => {
      d.apps.push({ name: "whoami-2", machine: "docker-1", stack: "whoami", port: 8081 });
    }),
    ["test.yaml: apps[2].stack: stack 'whoami' already runs on docker-1 for another app (apps[0].stack): one app per stack and machine"],
  ],
  [
    "volumes larger than the data disk",
    withApps((d) => {
      d.apps[0].volumeGiB = 60;
      d.apps[1].volumeGiB = 41;
      d.apps.push({ name: "web", machine: "docker-1", stack: "notes", port: 8081, volumeGiB: 5 });
    }),
    ["test.yaml: apps[1].volumeGiB: the apps on docker-1 need 101 GiB of volumes, more than its 100 GiB data disk docker-volumes (whoami: 60, uptime: 41)"],
  ],
  // the stacks that exist
  [
    "stacks that do not exist, for an app, a machine and a folder",
    withApps((d) => {
      d.apps[0].stack = "whoamii";
      d.machines[1].composeStacks = ["uptime-kuma", "wikii"];
      d.composeStackDirs = ["extra", "missing"];
    }),
    [
      "test.yaml: machines[1].composeStacks[1]: no Compose stack 'wikii' (did you mean 'wiki'?) (known: notes, sidecar, uptime-kuma, whoami, wiki) in ansible/compose/ or composeStackDirs",
      "test.yaml: apps[0].stack: no Compose stack 'whoamii' (did you mean 'whoami'?) (known: notes, sidecar, uptime-kuma, whoami, wiki) in ansible/compose/ or composeStackDirs",
      "test.yaml: composeStackDirs[1]: no folder missing (relative to the project root)",
    ],
  ],
  [
    "a stack that publishes no port setting, and a setting the stack does not have",
    withApps((d) => {
      d.apps[0].stack = "sidecar";
      d.apps[1].env = { TX: "Europe/Berlin" };
    }),
    [
      "test.yaml: apps[0].stack: stack 'sidecar' does not publish a port as ${SIDECAR_PORT} in its compose.yaml, so apps[0].port cannot reach the app",
      "test.yaml: apps[1].env.TX: stack 'uptime-kuma' has no setting 'TX' (did you mean 'TZ'?) (known: TZ, UPTIME_KUMA_PORT): its compose.yaml does not use it and its defaults.env does not set it",
    ],
  ],
];

describe("the app catalogue's rules", () => {
  test.each(INVALID)("%s", (_rule, input, lines) => {
    expect(issueLines(() => load(input))).toEqual(lines);
  });

  test("volumes on a machine without a data disk (a persona of one's own)", () => {
    const diskless: Persona = { ...dockerHostPersona, name: "app-box", dataDisks: [] };
    const input = withApps((d) => {
      d.machines.push({ name: "box-1", persona: "app-box", ip: "10.9.0.110", size: "small" });
      d.apps.push({ name: "web", machine: "box-1", stack: "notes", port: 8081, volumeGiB: 1 });
    });
    const personas = personaCatalog(...STOCK_PERSONAS, diskless);
    expect(issueLines(() => loadEnvironments([defineEnvironment("test", input, { source: "test.yaml" })], personas, { composeStacks: CATALOG }))).toEqual([
      "test.yaml: apps[2].volumeGiB: box-1 has no data disk for app volumes (persona app-box)",
    ]);
  });

  test("a stack of a declared folder is found, and the stacks are not checked when the loader is given none", () => {
    const wiki = withApps((d) => {
      d.composeStackDirs = ["extra"];
      d.apps[0].stack = "wiki";
      d.apps[0].env = { WIKI_TITLE: "Our wiki" };
    });
    expect(load(wiki)[0].apps[0]).toMatchObject({ stack: "wiki", env: { WIKI_PORT: "8080", WIKI_TITLE: "Our wiki" } });
    const unknown = withApps((d) => void (d.apps[0].stack = "nowhere"));
    expect(loadEnvironments([defineEnvironment("test", unknown)], stockPersonaCatalog)[0].apps[0].stack).toBe("nowhere");
  });
});

describe("the app catalogue in the model", () => {
  const [model] = load(
    withApps((d) => {
      d.apps[0].description = "HTTP echo";
      d.apps[1].volumeGiB = 2;
    }),
  );

  test("resolves hostnames (<name>.<domain> by default), env with the port, and the lab CA's URL", () => {
    expect(model.apps).toEqual([
      {
        name: "whoami",
        index: 0,
        machine: "docker-1",
        stack: "whoami",
        port: 8080,
        hostname: "whoami.test.home.arpa",
        description: "HTTP echo",
        env: { WHOAMI_PORT: "8080" },
      },
      {
        name: "uptime",
        index: 1,
        machine: "docker-1",
        stack: "uptime-kuma",
        port: 3001,
        hostname: "status.test.home.arpa",
        volumeGiB: 2,
        env: { TZ: "Europe/Berlin", UPTIME_KUMA_PORT: "3001" },
      },
    ]);
    expect(model.caUrl).toBe("https://ca-1.test.home.arpa");
    expect(model.composeStackDirs).toEqual([]);
  });

  test("forwards DNS to the environment's forwarders, else to the DNS servers that are not its own, else to the gateway", () => {
    expect(model.network.dnsForwarders).toEqual(["10.9.0.1"]);
    const others = load(withApps((d) => void (d.network.dnsServers = ["10.9.0.53", "192.0.2.53"])))[0];
    expect(others.network.dnsForwarders).toEqual(["192.0.2.53"]);
    const declared = load(withApps((d) => void (d.network.dnsForwarders = ["9.9.9.9"])))[0];
    expect(declared.network.dnsForwarders).toEqual(["9.9.9.9"]);
  });
});

describe("readComposeStacks", () => {
  const stock = readComposeStacks(PROJECT_ROOT);

  test("reads the stock stacks of ansible/compose/ with the settings their compose.yaml and defaults.env use", () => {
    expect(stock.stacks).toEqual([
      { name: "homepage", envNames: ["HOMEPAGE_PORT", "TZ"] },
      { name: "jellyfin", envNames: ["JELLYFIN_MEDIA_DIR", "JELLYFIN_PORT", "TZ"] },
      { name: "uptime-kuma", envNames: ["TZ", "UPTIME_KUMA_PORT"] },
      { name: "whoami", envNames: ["WHOAMI_PORT"] },
    ]);
  });

  test("every stock stack publishes its app's port through its port setting, with a default in defaults.env", () => {
    for (const { name } of stock.stacks) {
      const compose = fs.readFileSync(path.join(PROJECT_ROOT, "ansible", "compose", name, "compose.yaml"), "utf8");
      const defaults = fs.readFileSync(path.join(PROJECT_ROOT, "ansible", "compose", name, "defaults.env"), "utf8");
      expect({
        name,
        publishes: compose.includes(`"\${${portEnvName(name)}}:`),
        defaults: new RegExp(`^${portEnvName(name)}=\\d+$`, "m").test(defaults),
      }).toEqual({
        name,
        publishes: true,
        defaults: true,
      });
    }
  });

  test("reads a declared folder relative to the project root: ${A}, ${B:-x} and $C are settings, $$D is not; so is every name defaults.env sets", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.mkdirSync(path.join(root, "mine", "wiki"), { recursive: true });
    fs.mkdirSync(path.join(root, "mine", "notes")); // no compose.yaml: not a stack
    fs.writeFileSync(path.join(root, "mine", "wiki", "compose.yaml"), 'services:\n  w:\n    image: "${A}"\n    command: "${B:-x} $C $$D"\n');
    fs.writeFileSync(path.join(root, "mine", "wiki", "defaults.env"), "# c\nexport E=1\nA=2\n");
    const catalog = readComposeStacks(root);
    expect(catalog.stacks).toEqual([]);
    expect(catalog.stacksIn("mine")).toEqual([{ name: "wiki", envNames: ["A", "B", "C", "E"] }]);
    expect(catalog.stacksIn("absent")).toBeUndefined();
    fs.rmSync(root, { recursive: true, force: true });
  });
});
