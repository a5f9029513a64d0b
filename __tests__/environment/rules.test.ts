// Every rule an environment file can break, as a small patch over the base document
// (__tests__/fixtures/base.yaml) and the exact lines it is reported with; then documents that pass.
import * as yaml from "js-yaml";
import type { EnvironmentFile } from "../../environment/load/load-environments";
import { loadEnvironments } from "../../environment/load/load-environments";
import { stockPersonaCatalog } from "../../personas/catalog";
import { BASE_ENVIRONMENT_TEXT, baseEnvironment, issueLines } from "../helpers";

/** An environment document as a patch sees it: any value may be made wrong. */
type Document = Record<string, any>;

/** The base document with `change` applied. */
function patched(change: (document: Document) => void = () => undefined): Document {
  const document = baseEnvironment() as Document;
  change(document);
  return document;
}

/** A second environment beside the base one on the same cluster: its own network and VLAN, VMIDs and machine names. */
function staging(change: (document: Document) => void = () => undefined): Document {
  return patched((document) => {
    document.network = { cidr: "10.9.1.0/24", gateway: "10.9.1.1", dnsServers: ["10.9.1.53"], domain: "test.home.arpa", vlan: 91 };
    document.vmids = { start: 600, end: 699 };
    document.templates["debian-12"].vmid = 690;
    document.templates["ubuntu-2404"].vmid = 691;
    document.machines = [
      { name: "other-dns-1", persona: "networking", ip: "10.9.1.53" },
      { name: "other-docker-1", persona: "docker-host", ip: "10.9.1.101" },
    ];
    change(document);
  });
}

/** An environment file with `document` as its YAML text. */
function file(name: string, document: Document): EnvironmentFile {
  return { file: name, text: yaml.dump(document) };
}

/** `lab.yaml` holding the base document with `change` applied. */
function lab(change: (document: Document) => void): EnvironmentFile[] {
  return [file("lab.yaml", patched(change))];
}

const SECRET_ADVICE =
  "keep secrets out of environment files: the provider reads PROXMOX_VE_API_TOKEN, state backends PG_CONN_STR and AWS_* from environment variables (or encrypt them with sops)";
const PVE_TOKEN = "terraform@pve!ci=0b1d7e4c-3f4a-4c1e-9a2b-7d5e6f708192";
/** A real 1024-bit RSA public key (ssh-keygen -t rsa -b 1024): well-formed, too weak. */
const RSA_1024 =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC03sPIhab00SZYjr5A+HELuHfkjj0LKE7CJHigwK6MYheSJt2J3ZFKDWflFGiWLBt09KocFJH6zps0TEL/+Ui0I0tErUDQG3bPWvO6RQqtJtI7A8REhm+Ea5AZUq9at5TVFATx1FUpq9MdmGkyvUmsyoINr+Db3s7lN9YUNEeluw== ops@test";

const INVALID: readonly [rule: string, files: EnvironmentFile[], lines: string[]][] = [
  // YAML and the document as a whole (texts: what a patch cannot express)
  [
    "YAML syntax, with line and column",
    [{ file: "lab.yaml", text: BASE_ENVIRONMENT_TEXT.replace("  dnsServers:", " dnsServers: [10.9.0.53]\n  dnsServers:") }],
    ["lab.yaml: YAML syntax: All mapping items must start at the same column"],
  ],
  [
    "a key twice in one mapping",
    [{ file: "lab.yaml", text: BASE_ENVIRONMENT_TEXT.replace("  domain: test.home.arpa\n", "  domain: test.home.arpa\n  domain: other.home.arpa\n") }],
    ["lab.yaml: YAML syntax: a key appears twice in one mapping"],
  ],
  [
    "an empty file",
    [{ file: "lab.yaml", text: "" }],
    ["lab.yaml: is empty: an environment is a mapping with proxmox, network, vmids, templates, access and machines"],
  ],
  [
    "a document that is not a mapping",
    [{ file: "lab.yaml", text: "- just\n- a list\n" }],
    ["lab.yaml: is not a mapping but a list: an environment is a mapping with proxmox, network, vmids, templates, access and machines"],
  ],
  [
    "an environment name that is no host label",
    [{ file: "Lab_1.yaml", text: BASE_ENVIRONMENT_TEXT }],
    ["Lab_1.yaml: environment name 'Lab_1' must be an RFC 1123 host label (it names the stack)"],
  ],
  [
    "an environment name taken twice",
    [file("lab.yaml", patched()), file("lab.yml", staging())],
    ["lab.yml: environment 'lab' needs the stack name 'lab', which environment 'lab' (lab.yaml) already gives a stack: rename one of the files"],
  ],
  // the schema
  ["a missing key", lab((d) => delete d.network.gateway), ["lab.yaml: network.gateway: is required"]],
  ["an unknown key", lab((d) => (d.machines[0].memory = 4096)), ["lab.yaml: machines[0].memory: unknown key 'memory'"]],
  ["a misspelt key", lab((d) => (d.descripton = "A typo")), ["lab.yaml: descripton: unknown key 'descripton' (did you mean 'description'?)"]],
  [
    "a misspelt nested key",
    lab((d) => ((d.network.vlna = d.network.vlan), delete d.network.vlan)),
    ["lab.yaml: network.vlna: unknown key 'vlna' (did you mean 'vlan'?)"],
  ],
  ["a number written as a string", lab((d) => (d.vmids.start = "500")), ["lab.yaml: vmids.start: must be a number, not '500'"]],
  ["a fraction for a count", lab((d) => (d.proxmox.nodes[0].cores = 2.5)), ["lab.yaml: proxmox.nodes[0].cores: must be a whole number, not 2.5"]],
  ["no machines", lab((d) => (d.machines = [])), ["lab.yaml: machines: must hold at least 1 item"]],
  [
    "a machine name that is no host label",
    lab((d) => (d.machines[1].name = "Docker_1")),
    ["lab.yaml: machines[1].name: must be an RFC 1123 host label (a-z, 0-9, inner '-', 1-63 characters)"],
  ],
  [
    "a size that is none",
    lab((d) => (d.machines[1].size = "larg")),
    ["lab.yaml: machines[1].size: must be one of small, medium, large, xlarge (did you mean 'large'?)"],
  ],
  ["an unknown state backend", lab((d) => (d.backend = { type: "pgsql" })), ["lab.yaml: backend.type: must be one of local, pg, s3"]],
  [
    "a plain-http endpoint",
    lab((d) => (d.proxmox.endpoint = "http://pve.test:8006/")),
    ["lab.yaml: proxmox.endpoint: must be an https URL such as https://pve1.lab.example:8006/"],
  ],
  ["a node too small to be one", lab((d) => (d.proxmox.nodes[0].memoryMiB = 256)), ["lab.yaml: proxmox.nodes[0].memoryMiB: must be at least 512"]],
  ["a VLAN tag out of range", lab((d) => (d.network.vlan = 4095)), ["lab.yaml: network.vlan: must be at most 4094"]],
  [
    "a malformed network",
    lab((d) => (d.network.cidr = "10.9.0.0/33")),
    ["lab.yaml: network.cidr: must be an IPv4 network in CIDR notation such as 10.2.20.0/24"],
  ],
  ["a malformed address", lab((d) => (d.machines[1].ip = "10.9.0.256")), ["lab.yaml: machines[1].ip: must be an IPv4 address such as 10.2.20.53"]],
  ["a VMID below Proxmox's range", lab((d) => (d.templates["debian-12"].vmid = 99)), ["lab.yaml: templates.debian-12.vmid: must be at least 100"]],
  ["a VMID above Proxmox's range", lab((d) => (d.machines[0].vmid = 1_000_000_000)), ["lab.yaml: machines[0].vmid: must be at most 999999999"]],
  ["a VMID range upside down", lab((d) => (d.vmids = { start: 599, end: 500 })), ["lab.yaml: vmids.end: must not be below vmids.start (500 < 599)"]],
  [
    "a key that is no OpenSSH public key",
    lab((d) => (d.access.sshKeys = ["ops@test"])),
    ["lab.yaml: access.sshKeys[0]: must be one OpenSSH public key line such as 'ssh-ed25519 AAAA... user@host'"],
  ],
  [
    "a key whose body is not of its type",
    lab((d) => (d.access.sshKeys = [d.access.sshKeys[0].replace("ssh-ed25519 ", "ssh-rsa ")])),
    ["lab.yaml: access.sshKeys[0]: is not a valid OpenSSH public key: its base64 body is not a valid ssh-rsa key (truncated or damaged?)"],
  ],
  [
    "a truncated key",
    lab((d) => (d.access.sshKeys = [d.access.sshKeys[0].replace("Tz2X ", " ")])),
    ["lab.yaml: access.sshKeys[0]: is not a valid OpenSSH public key: its base64 body is not a valid ssh-ed25519 key (truncated or damaged?)"],
  ],
  [
    "a key with bytes appended to its body",
    lab((d) => (d.access.sshKeys = [d.access.sshKeys[0].replace("Tz2X ", "Tz2XAAAA ")])),
    [
      "lab.yaml: access.sshKeys[0]: is not a valid OpenSSH public key: its base64 body is not exactly one ssh-ed25519 key (truncated, extended or of another type?)",
    ],
  ],
  [
    "a line-wrapped key",
    lab((d) => (d.access.sshKeys = [d.access.sshKeys[0].replace("qgqjq", "qgqjq\n")])),
    ["lab.yaml: access.sshKeys[0]: the value holds control character U+000A: values are one line of plain text"],
  ],
  [
    "two keys in one entry",
    lab((d) => (d.access.sshKeys = [`${d.access.sshKeys[0]} ${d.access.sshKeys[0]}`])),
    ["lab.yaml: access.sshKeys[0]: is not a valid OpenSSH public key: holds a second key in its comment: one key per entry"],
  ],
  [
    "a key too weak",
    lab((d) => (d.access.sshKeys = [RSA_1024])),
    ["lab.yaml: access.sshKeys[0]: is not a valid OpenSSH public key: is a 1024-bit RSA key: use at least 2048 bits, or ssh-ed25519"],
  ],
  [
    "a token appended after a public key",
    lab((d) => (d.access.sshKeys = [`${d.access.sshKeys[0]} q8X2vLk9Zp4Rt7Wm1Nc6Hy3Bd5Fg0Js2`])),
    [`lab.yaml: access.sshKeys[0]: looks like a random key or token: ${SECRET_ADVICE}`],
  ],
  [
    "a private key appended after a public key",
    lab((d) => (d.access.sshKeys = [`${d.access.sshKeys[0]} -----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjE=`])),
    [`lab.yaml: access.sshKeys[0]: looks like a private key (PEM block): ${SECRET_ADVICE}`],
  ],
  // secrets
  [
    "a credential under its own key",
    lab((d) => (d.proxmox.apiToken = PVE_TOKEN)),
    [`lab.yaml: proxmox.apiToken: 'apiToken' looks like a credential: ${SECRET_ADVICE}`],
  ],
  ["a password", lab((d) => (d.access.password = "hunter2")), [`lab.yaml: access.password: 'password' looks like a credential: ${SECRET_ADVICE}`]],
  [
    "a password in a URL",
    lab((d) => (d.proxmox.endpoint = "https://root:hunter2@pve.test:8006/")),
    [`lab.yaml: proxmox.endpoint: looks like a URL with a password in it: ${SECRET_ADVICE}`],
  ],
  [
    "a Proxmox API token in free text",
    lab((d) => (d.description = `token ${PVE_TOKEN}`)),
    [`lab.yaml: description: looks like a Proxmox API token: ${SECRET_ADVICE}`],
  ],
  [
    "a private key",
    lab(
      (d) =>
        (d.access.sshKeys = [
          "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n",
        ]),
    ),
    [`lab.yaml: access.sshKeys[0]: looks like a private key (PEM block): ${SECRET_ADVICE}`],
  ],
  // references
  [
    "an unknown persona",
    lab((d) => (d.machines[1].persona = "docker-hots")),
    [
      "lab.yaml: machines[1].persona: unknown persona 'docker-hots' (did you mean 'docker-host'?) (known: certificate-authority, docker-host, monitoring, networking, time-server, tools-host)",
    ],
  ],
  [
    "a persona whose template is not declared",
    lab((d) => delete d.templates["ubuntu-2404"]),
    ["lab.yaml: machines[1].persona: persona 'docker-host' needs template 'ubuntu-2404', which templates does not declare"],
  ],
  [
    "a machine on an undeclared node",
    lab((d) => (d.machines[1].node = "pve-2")),
    ["lab.yaml: machines[1].node: node 'pve-2' is not declared in proxmox.nodes (did you mean 'pve1'?) (declared: pve1)"],
  ],
  [
    "a template on an undeclared node",
    lab((d) => (d.templates["debian-12"].node = "pve9")),
    ["lab.yaml: templates.debian-12.node: node 'pve9' is not declared in proxmox.nodes (did you mean 'pve1'?) (declared: pve1)"],
  ],
  ["a node declared twice", lab((d) => d.proxmox.nodes.push({ name: "pve1" })), ["lab.yaml: proxmox.nodes[1].name: node 'pve1' is declared twice"]],
  // addresses
  [
    "a network with host bits",
    lab((d) => (d.network.cidr = "10.9.0.7/24")),
    ["lab.yaml: network.cidr: 10.9.0.7/24 has host bits set (did you mean 10.9.0.0/24?)"],
  ],
  ["a gateway outside the network", lab((d) => (d.network.gateway = "10.9.1.1")), ["lab.yaml: network.gateway: 10.9.1.1 is outside 10.9.0.0/24"]],
  ["an address outside the network", lab((d) => (d.machines[1].ip = "10.9.5.101")), ["lab.yaml: machines[1].ip: 10.9.5.101 is outside 10.9.0.0/24"]],
  ["the network address", lab((d) => (d.machines[1].ip = "10.9.0.0")), ["lab.yaml: machines[1].ip: 10.9.0.0 is the network address of 10.9.0.0/24"]],
  ["the broadcast address", lab((d) => (d.machines[1].ip = "10.9.0.255")), ["lab.yaml: machines[1].ip: 10.9.0.255 is the broadcast address of 10.9.0.0/24"]],
  ["the gateway's address", lab((d) => (d.machines[1].ip = "10.9.0.1")), ["lab.yaml: machines[1].ip: 10.9.0.1 is the gateway address"]],
  [
    "one address twice",
    lab((d) => (d.machines[1].ip = "10.9.0.53")),
    ["lab.yaml: machines[1].ip: 10.9.0.53 is already used by dns-1 (machines[0].ip) on vmbr0 VLAN 90"],
  ],
  [
    "one address twice across environments on one VLAN",
    [
      file("lab.yaml", patched()),
      file(
        "staging.yaml",
        staging((d) => ((d.network = patched().network), (d.machines[0].ip = "10.9.0.54"), (d.machines[1].ip = "10.9.0.101"))),
      ),
    ],
    ["staging.yaml: machines[1].ip: 10.9.0.101 is already used by docker-1 (lab.yaml: machines[1].ip) on vmbr0 VLAN 90"],
  ],
  // names
  [
    "one machine name twice",
    lab((d) => (d.machines[1].name = "dns-1")),
    ["lab.yaml: machines[1].name: machine name 'dns-1' is already taken (machines[0].name): names are unique across all environments"],
  ],
  [
    "one machine name twice across environments",
    [
      file("lab.yaml", patched()),
      file(
        "staging.yaml",
        staging((d) => (d.machines[0].name = "dns-1")),
      ),
    ],
    ["staging.yaml: machines[0].name: machine name 'dns-1' is already taken (lab.yaml: machines[0].name): names are unique across all environments"],
  ],
  // VMIDs
  ["a pinned VMID outside the range", lab((d) => (d.machines[0].vmid = 700)), ["lab.yaml: machines[0].vmid: VMID 700 is outside vmids 500-599"]],
  [
    "a template VMID outside the range",
    lab((d) => (d.templates["ubuntu-2404"].vmid = 601)),
    ["lab.yaml: templates.ubuntu-2404.vmid: VMID 601 is outside vmids 500-599"],
  ],
  [
    "a machine pinned to a template's VMID",
    lab((d) => (d.machines[0].vmid = 590)),
    ["lab.yaml: machines[0].vmid: VMID 590 is already used by template debian-12 (templates.debian-12.vmid)"],
  ],
  [
    "a range too small for the machines",
    lab((d) => (d.vmids = { start: 588, end: 591 })),
    ["lab.yaml: machines[0]: no free VMID left in vmids 588-591", "lab.yaml: machines[1]: no free VMID left in vmids 588-591"],
  ],
  [
    "overlapping ranges",
    [
      file("lab.yaml", patched()),
      file(
        "staging.yaml",
        staging((d) => (d.vmids.start = 580)),
      ),
    ],
    ["staging.yaml: vmids: 580-699 overlaps vmids 500-599 (lab.yaml: vmids)"],
  ],
  [
    "a pinned VMID another environment hands out",
    [
      file("lab.yaml", patched()),
      file(
        "staging.yaml",
        staging((d) => (d.machines[0].vmid = 500)),
      ),
    ],
    [
      "staging.yaml: machines[0].vmid: VMID 500 is outside vmids 600-699",
      "staging.yaml: machines[0].vmid: VMID 500 is already used by machine dns-1 (lab.yaml: machines[0])",
    ],
  ],
  [
    "one network untagged and on a VLAN of one bridge",
    [
      file(
        "lab.yaml",
        patched((d) => delete d.network.vlan),
      ),
      file(
        "staging.yaml",
        staging((d) => ((d.network = { ...patched().network, vlan: 20 }), (d.machines[0].ip = "10.9.0.54"), (d.machines[1].ip = "10.9.0.102"))),
      ),
    ],
    [
      "staging.yaml: network.cidr: 10.9.0.0/24 overlaps 10.9.0.0/24 (lab.yaml: network.cidr) on vmbr0 untagged, another L2 network of the bridge than this one (vmbr0 VLAN 20): an IP network lives on one VLAN of a bridge (or untagged)",
    ],
  ],
  // capacity
  [
    "more cores than a node declares",
    lab((d) => (d.proxmox.nodes[0].cores = 4)),
    ["lab.yaml: proxmox.nodes[0].cores: the machines on pve1 need 5 cores, more than the 4 declared (dns-1: 1, docker-1: 4)"],
  ],
  [
    "more memory than a node declares",
    lab((d) => (d.proxmox.nodes[0].memoryMiB = 8192)),
    ["lab.yaml: proxmox.nodes[0].memoryMiB: the machines on pve1 need 10240 MiB, more than the 8192 declared (dns-1: 2048, docker-1: 8192)"],
  ],
  // data safety
  [
    "a stateful machine's guards turned off without an opt-in",
    lab((d) => (d.machines[1].lifecycle = { protection: false, keepUnreferencedDisks: false })),
    [
      "lab.yaml: machines[1].lifecycle.protection: turning off protection lets a destroy delete the data of stateful persona docker-host: list 'docker-1' in allowDataLoss to allow it",
      "lab.yaml: machines[1].lifecycle.keepUnreferencedDisks: turning off keepUnreferencedDisks lets a destroy delete the data of stateful persona docker-host: list 'docker-1' in allowDataLoss to allow it",
    ],
  ],
  [
    "a rebuild of a machine that is not there",
    lab((d) => (d.rebuild = ["docker-01"])),
    ["lab.yaml: rebuild[0]: no machine named 'docker-01' in this environment (did you mean 'docker-1'?)"],
  ],
];

const VALID: readonly [what: string, files: EnvironmentFile[]][] = [
  ["the base document", [{ file: "lab.yaml", text: BASE_ENVIRONMENT_TEXT }]],
  ["an untagged network", lab((d) => delete d.network.vlan)],
  [
    "a stateful machine made disposable, named in allowDataLoss",
    lab((d) => ((d.machines[1].lifecycle = { protection: false, keepUnreferencedDisks: false, preventDestroy: false }), (d.allowDataLoss = ["docker-1"]))),
  ],
  ["two environments sharing a cluster: disjoint VMID ranges, own VLANs", [file("lab.yaml", patched()), file("staging.yaml", staging())]],
  [
    "the same addresses on another bridge (another L2 network)",
    [
      file("lab.yaml", patched()),
      file(
        "staging.yaml",
        staging((d) => ((d.proxmox.bridge = "vmbr1"), (d.network = patched().network), (d.machines[0].ip = "10.9.0.53"), (d.machines[1].ip = "10.9.0.101"))),
      ),
    ],
  ],
  [
    "every optional key",
    lab((d) => {
      d.description = "Every optional key set";
      d.proxmox.nodes.push({ name: "pve2" });
      d.network.ntpServers = ["ntp.test.home.arpa"];
      d.network.dnsForwarders = ["192.0.2.53"];
      Object.assign(d.templates["debian-12"], { node: "pve2", buildUser: "builder" });
      Object.assign(d.templates["debian-12"].image, { checksum: "sha256:0123456789abcdef", fileName: "debian-12.qcow2" });
      d.backend = { type: "s3", bucket: "tfstate", region: "garage", endpoint: "https://s3.test.home.arpa" };
      Object.assign(d.machines[0], { vmid: 550, node: "pve2", size: "medium", lifecycle: { protection: true } });
      d.machines[1].composeStacks = ["whoami"];
    }),
  ],
];

describe("environment rules", () => {
  test.each(INVALID)("%s", (_rule, files, lines) => {
    // the rule and the path; the line and column of each path are loader.test.ts's subject
    const withoutPositions = issueLines(() => loadEnvironments(files, stockPersonaCatalog)).map((line) => line.replace(/^([^:]+):\d+:\d+:/, "$1:"));
    expect(withoutPositions).toEqual(lines);
  });
});

describe("environments that pass", () => {
  test.each(VALID)("%s", (_what, files) => {
    expect(loadEnvironments(files, stockPersonaCatalog).map((model) => model.file)).toEqual(files.map(({ file }) => file));
  });
});
