import { loadProviderSchema, checkStack, type Problem, type Severity } from "../../checks/provider-schema";

type Json = Record<string, unknown>;

const schema = loadProviderSchema();
const VM = "proxmox_virtual_environment_vm";
const VM_ADDRESS = `${VM}.lab-dns-1`;

const REQUIRED_PROVIDERS = { proxmox: { source: "bpg/proxmox", version: "0.111.1" } };
const PROVIDER_CONFIG = {
  endpoint: "https://pve.lab.home.arpa:8006/",
  insecure: true,
  ssh: [{ agent: true, username: "root" }],
};

/** A cdk.tf.json document as cdktf writes it, with `sections` (resource, data, provider, terraform) replacing the defaults. */
function stackDoc(sections: Json): Json {
  return {
    "//": { metadata: { backend: "local", stackName: "lab", version: "0.21.0" } },
    terraform: { required_providers: REQUIRED_PROVIDERS },
    provider: { proxmox: [PROVIDER_CONFIG] },
    ...sections,
  };
}

function resourceDoc(type: string, name: string, body: unknown): Json {
  return stackDoc({ resource: { [type]: { [name]: body } } });
}

function vmDoc(body: unknown): Json {
  return resourceDoc(VM, "lab-dns-1", body);
}

function omit(body: Json, ...keys: string[]): Json {
  return Object.fromEntries(Object.entries(body).filter(([name]) => !keys.includes(name)));
}

/** A network device with every attribute of its object type given (unused ones null), as Terraform requires. */
function nic(overrides: Json = {}): Json {
  return {
    bridge: "vmbr0",
    model: "virtio",
    vlan_id: 20,
    firewall: false,
    mac_address: null,
    disconnected: null,
    enabled: null,
    queues: null,
    rate_limit: null,
    trunks: null,
    mtu: null,
    ...overrides,
  };
}

/** A cloned Debian VM as the personas synthesize it: blocks both as cdktf's objects and as arrays. */
function realisticVm(overrides: Json = {}): Json {
  return {
    "//": { metadata: { path: "lab/lab-dns-1/vm", uniqueId: "lab-dns-1_vm_1A2B3C4D" } },
    name: "lab-dns-1",
    node_name: "pve1",
    vm_id: 2011,
    description: "DNS resolver (persona: dns)",
    tags: ["dns", "lab"],
    on_boot: true,
    scsi_hardware: "virtio-scsi-single",
    protection: false,
    stop_on_destroy: false,
    delete_unreferenced_disks_on_destroy: true,
    startup: { order: 1 },
    clone: { vm_id: 9000, full: true },
    cpu: { cores: 2, sockets: 1, type: "x86-64-v2-AES" },
    memory: { dedicated: 2048, floating: 0 },
    operating_system: { type: "l26" },
    disk: [
      {
        interface: "scsi0",
        size: 20,
        datastore_id: "local-lvm",
        ssd: true,
        discard: "on",
        iothread: true,
        backup: true,
      },
      {
        interface: "scsi1",
        size: 50,
        datastore_id: "tank",
        ssd: true,
        discard: "ignore",
        iothread: true,
        backup: false,
      },
    ],
    network_device: [nic()],
    agent: { enabled: true, timeout: "15m", trim: true, wait_for_ip: { ipv4: true } },
    initialization: {
      datastore_id: "local-lvm",
      dns: { domain: "lab.home.arpa", servers: ["10.0.20.1"] },
      ip_config: [{ ipv4: { address: "10.0.20.11/24", gateway: "10.0.20.1" } }],
      user_account: { username: "ops", keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB ops@lab"] },
    },
    lifecycle: { prevent_destroy: true },
    depends_on: ["proxmox_virtual_environment_vm.lab-gw-1"],
    ...overrides,
  };
}

function validate(doc: unknown): Problem[] {
  return checkStack("lab", doc, schema).problems;
}

interface BrokenCase {
  readonly name: string;
  readonly doc: Json;
  readonly address: string;
  readonly path: string;
  readonly message: string;
  readonly severity?: Severity;
}

const vmCase = (name: string, body: Json, path: string, message: string, severity?: Severity): BrokenCase => ({
  name,
  doc: vmDoc(body),
  address: VM_ADDRESS,
  path,
  message,
  severity,
});

const broken: readonly BrokenCase[] = [
  vmCase("unknown attribute", realisticVm({ descriptin: "dns" }), "descriptin", 'unknown attribute "descriptin" (did you mean "description"?)'),
  vmCase("misspelt meta-argument", realisticVm({ depend_on: ["x"] }), "depend_on", 'unknown attribute "depend_on" (did you mean "depends_on"?)'),
  vmCase("unknown nested block", realisticVm({ cpuu: { cores: 2 } }), "cpuu", 'unknown block "cpuu" (did you mean "cpu"?)'),
  vmCase(
    "unknown attribute deep in nested blocks",
    realisticVm({ initialization: { ip_config: [{ ipv4: { address: "10.0.20.11/24", gatway: "10.0.20.1" } }] } }),
    "initialization[0].ip_config[0].ipv4[0].gatway",
    'unknown attribute "gatway" (did you mean "gateway"?)',
  ),
  vmCase("string for bool", realisticVm({ on_boot: "yes" }), "on_boot", 'bool required, got "yes"'),
  vmCase("number for bool", realisticVm({ started: 1 }), "started", "bool required, got 1"),
  vmCase("object for string", realisticVm({ name: { first: "dns" } }), "name", "string required, got a mapping"),
  vmCase("non-numeric string for number", realisticVm({ memory: { dedicated: "2GB" } }), "memory[0].dedicated", 'number required, got "2GB"'),
  vmCase("wrong list element type", realisticVm({ tags: ["lab", { env: "lab" }] }), "tags[1]", "string required, got a mapping"),
  vmCase("scalar for a list", realisticVm({ tags: "lab" }), "tags", 'list of string required, got "lab"'),
  vmCase(
    "object attribute with unknown key",
    realisticVm({ network_device: [nic({ mac_adress: "BC:24:11:00:00:01" })] }),
    "network_device[0].mac_adress",
    'unknown attribute "mac_adress" in object value (did you mean "mac_address"?)',
  ),
  vmCase(
    "object attribute missing keys",
    realisticVm({ network_device: [{ bridge: "vmbr0", model: "virtio", vlan_id: 20, firewall: false }] }),
    "network_device[0]",
    'attributes "disconnected", "enabled", "mac_address", "queues", "rate_limit", "trunks" and "mtu" are required',
  ),
  vmCase("one object for a list of objects", realisticVm({ network_device: nic() }), "network_device", "list of object required, got a mapping"),
  vmCase("missing required attribute", omit(realisticVm(), "node_name"), "node_name", 'required attribute "node_name" is not set'),
  vmCase("required attribute set to null", realisticVm({ node_name: null }), "node_name", 'required attribute "node_name" is not set'),
  vmCase("missing required attribute in a nested block", realisticVm({ clone: { full: true } }), "clone[0].vm_id", 'required attribute "vm_id" is not set'),
  vmCase(
    "missing required attribute in the second of several blocks",
    realisticVm({ disk: [{ interface: "scsi0", size: 20 }, { size: 50 }] }),
    "disk[1].interface",
    'required attribute "interface" is not set',
  ),
  vmCase("too many blocks", realisticVm({ agent: [{ enabled: true }, { enabled: false }] }), "agent", 'too many "agent" blocks: at most 1 allowed, got 2'),
  vmCase(
    "too many nested blocks",
    realisticVm({ initialization: { ip_config: Array.from({ length: 9 }, () => ({ ipv4: { address: "dhcp" } })) } }),
    "initialization[0].ip_config",
    'too many "ip_config" blocks: at most 8 allowed, got 9',
  ),
  vmCase("computed-only attribute set", realisticVm({ ipv4_addresses: [["10.0.20.11"]] }), "ipv4_addresses", '"ipv4_addresses" is computed-only'),
  vmCase("block given a scalar", realisticVm({ cpu: 4 }), "cpu", '"cpu" blocks must be an object or an array of objects, got 4'),
  vmCase("deprecated attribute", realisticVm({ timeout_move_disk: 600 }), "timeout_move_disk", 'attribute "timeout_move_disk" is deprecated', "warning"),
  vmCase(
    "deprecated attribute in a nested block",
    realisticVm({ cdrom: { enabled: true, file_id: "none" } }),
    "cdrom[0].enabled",
    'attribute "enabled" is deprecated',
    "warning",
  ),
  vmCase(
    "dynamic block of an unknown block type",
    realisticVm({ dynamic: { disks: { for_each: "${var.disks}", content: { interface: "scsi0" } } } }),
    "dynamic.disks",
    'unknown block "disks" in dynamic (did you mean "disk"?)',
  ),
  vmCase(
    "dynamic block content missing a required attribute",
    omit(realisticVm({ dynamic: { disk: { for_each: "${var.disks}", content: { size: "${disk.value}" } } } }), "disk"),
    "dynamic.disk.content.interface",
    'required attribute "interface" is not set',
  ),
  vmCase(
    "dynamic block without for_each",
    realisticVm({ dynamic: { usb: { content: { host: "1234:5678" } } } }),
    "dynamic.usb.for_each",
    'required attribute "for_each" is not set',
  ),
  vmCase("resource body that is not an object", "oops" as unknown as Json, "", 'object required, got "oops"'),
  {
    name: "too few blocks (none given)",
    doc: resourceDoc("proxmox_virtual_environment_hosts", "pve1", { node_name: "pve1" }),
    address: "proxmox_virtual_environment_hosts.pve1",
    path: "entry",
    message: 'too few "entry" blocks: at least 1 required, got 0',
  },
  {
    name: "too few blocks (empty array)",
    doc: resourceDoc("proxmox_virtual_environment_hosts", "pve1", { node_name: "pve1", entry: [] }),
    address: "proxmox_virtual_environment_hosts.pve1",
    path: "entry",
    message: 'too few "entry" blocks: at least 1 required, got 0',
  },
  {
    name: "unknown resource type",
    doc: resourceDoc("proxmox_virtual_environment_vms", "lab", { node_name: "pve1" }),
    address: "proxmox_virtual_environment_vms.lab",
    path: "",
    message: 'unknown resource type "proxmox_virtual_environment_vms" (did you mean "proxmox_virtual_environment_vm"?)',
  },
  {
    name: "unknown data source type",
    doc: stackDoc({ data: { proxmox_virtual_environment_vmss: { all: { node_name: "pve1" } } } }),
    address: "data.proxmox_virtual_environment_vmss.all",
    path: "",
    message: 'unknown data source type "proxmox_virtual_environment_vmss" (did you mean "proxmox_virtual_environment_vms"?)',
  },
  {
    name: "computed-only attribute of a data source set",
    doc: stackDoc({ data: { proxmox_virtual_environment_vms: { all: { node_name: "pve1", vms: [] } } } }),
    address: "data.proxmox_virtual_environment_vms.all",
    path: "vms",
    message: '"vms" is computed-only',
  },
  {
    name: "deprecated resource type",
    doc: resourceDoc("proxmox_virtual_environment_download_file", "debian", {
      content_type: "iso",
      datastore_id: "local",
      node_name: "pve1",
      url: "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-generic-amd64.qcow2",
    }),
    address: "proxmox_virtual_environment_download_file.debian",
    path: "",
    message: 'resource type "proxmox_virtual_environment_download_file" is deprecated (use "proxmox_download_file")',
    severity: "warning",
  },
  {
    name: "single nesting given an array of two",
    doc: resourceDoc("proxmox_storage_directory", "backup", {
      id: "backup",
      path: "/mnt/backup",
      backups: [{ keep_last: 3 }, { keep_daily: 7 }],
    }),
    address: "proxmox_storage_directory.backup",
    path: "backups",
    message: 'only one "backups" block is allowed, got 2',
  },
  {
    name: "single nesting given an array of one",
    doc: resourceDoc("proxmox_storage_directory", "backup", {
      id: "backup",
      path: "/mnt/backup",
      backups: [{ keep_last: 3 }],
    }),
    address: "proxmox_storage_directory.backup",
    path: "backups",
    message: '"backups" is a single block: give it as an object, not an array',
    severity: "warning",
  },
  {
    name: "single nesting given a scalar",
    doc: resourceDoc("proxmox_storage_directory", "backup", { id: "backup", path: "/mnt/backup", backups: true }),
    address: "proxmox_storage_directory.backup",
    path: "backups",
    message: '"backups" is a single block: object required, got true',
  },
  {
    name: "nested attribute (single) missing a required attribute",
    doc: resourceDoc("proxmox_sdn_subnet", "lab", {
      cidr: "10.0.30.0/24",
      vnet: "labnet",
      dhcp_range: { start_address: "10.0.30.100" },
    }),
    address: "proxmox_sdn_subnet.lab",
    path: "dhcp_range.end_address",
    message: 'required attribute "end_address" is not set',
  },
  {
    name: "nested attribute (list) given one object",
    doc: resourceDoc("proxmox_acme_certificate", "pve", {
      account: "default",
      node_name: "pve1",
      domains: { domain: "pve.lab.home.arpa" },
    }),
    address: "proxmox_acme_certificate.pve",
    path: "domains",
    message: "list of object required, got a mapping",
  },
  {
    name: "nested attribute (list) element with an unknown attribute",
    doc: resourceDoc("proxmox_acme_certificate", "pve", {
      account: "default",
      node_name: "pve1",
      domains: [{ domain: "pve.lab.home.arpa", plugn: "desec" }],
    }),
    address: "proxmox_acme_certificate.pve",
    path: "domains[0].plugn",
    message: 'unknown attribute "plugn" (did you mean "plugin"?)',
  },
  {
    name: "wrong map element type",
    doc: resourceDoc("proxmox_hagroup", "ha", { group: "ha", nodes: { pve1: 2, pve2: "high" } }),
    address: "proxmox_hagroup.ha",
    path: 'nodes["pve2"]',
    message: 'number required, got "high"',
  },
  {
    name: "unknown provider attribute",
    doc: stackDoc({ provider: { proxmox: [{ ...PROVIDER_CONFIG, apitoken: "x" }] } }),
    address: "provider.proxmox",
    path: "apitoken",
    message: 'unknown attribute "apitoken" (did you mean "api_token"?)',
  },
  {
    name: "wrong type in a provider block of an aliased provider",
    doc: stackDoc({
      provider: {
        proxmox: [PROVIDER_CONFIG, { alias: "pve2", endpoint: "https://pve2:8006/", ssh: { agent: "sometimes" } }],
      },
    }),
    address: "provider.proxmox.pve2",
    path: "ssh[0].agent",
    message: 'bool required, got "sometimes"',
  },
  {
    name: "deprecated provider attribute",
    doc: stackDoc({ provider: { proxmox: [{ ...PROVIDER_CONFIG, otp: "123456" }] } }),
    address: "provider.proxmox",
    path: "otp",
    message: 'attribute "otp" is deprecated',
    severity: "warning",
  },
  {
    name: "missing required_providers",
    doc: omit(vmDoc(realisticVm()), "terraform"),
    address: "terraform",
    path: "required_providers.proxmox",
    message: 'declare proxmox with source "bpg/proxmox" and a version',
  },
  {
    name: "wrong provider source",
    doc: stackDoc({ terraform: { required_providers: { proxmox: { source: "telmate/proxmox", version: "3.0.1" } } } }),
    address: "terraform",
    path: "required_providers.proxmox.source",
    message: 'source must be "bpg/proxmox", got "telmate/proxmox"',
  },
  {
    name: "provider source not set",
    doc: stackDoc({ terraform: { required_providers: { proxmox: { version: "0.111.1" } } } }),
    address: "terraform",
    path: "required_providers.proxmox.source",
    message: 'source is not set: it must be "bpg/proxmox"',
  },
  {
    name: "provider version missing",
    doc: stackDoc({ terraform: { required_providers: { proxmox: { source: "bpg/proxmox" } } } }),
    address: "terraform",
    path: "required_providers.proxmox.version",
    message: "a version constraint is required",
  },
];

describe("checkStack: broken configurations", () => {
  test.each(broken)("$name", ({ doc, address, path, message, severity = "error" }) => {
    expect(validate(doc)).toEqual([{ severity, stack: "lab", address, path, message: expect.stringContaining(message) }]);
  });

  test("reports every problem of a body, sorted by address then path", () => {
    const doc = stackDoc({
      resource: {
        [VM]: {
          "lab-dns-2": realisticVm({ on_boot: "yes", bogus: 1 }),
          "lab-dns-1": realisticVm({ cpu: { cores: "two" } }),
        },
      },
    });
    expect(validate(doc).map((problem) => `${problem.address} ${problem.path}`)).toEqual([
      `${VM}.lab-dns-1 cpu[0].cores`,
      `${VM}.lab-dns-2 bogus`,
      `${VM}.lab-dns-2 on_boot`,
    ]);
  });
});

describe("checkStack: accepted configurations", () => {
  test("a realistic VM validates clean", () => {
    expect(validate(vmDoc(realisticVm()))).toEqual([]);
  });

  test("blocks may be given as one object or as an array of objects", () => {
    const asArrays = realisticVm({
      clone: [{ vm_id: 9000 }],
      cpu: [{ cores: 4 }],
      agent: [{ enabled: true, wait_for_ip: [{ ipv4: true, ipv6: false }] }],
      initialization: [{ ip_config: [{ ipv4: [{ address: "dhcp" }] }, { ipv6: { address: "auto" } }] }],
    });
    expect(validate(vmDoc(asArrays))).toEqual([]);
  });

  test("template expressions stand for scalars, lists, objects and whole blocks", () => {
    const vm = realisticVm({
      node_name: "${var.node}",
      vm_id: "${var.vm_id}",
      on_boot: "${local.on_boot}",
      description: "DNS resolver on ${var.node}",
      tags: "${var.tags}",
      network_device: "${local.nics}",
      clone: "${local.clone}",
      cpu: { cores: "${var.cores}", flags: ["+aes", "${var.flag}"] },
      disk: "${local.disks}",
      initialization: { ip_config: ["${local.ip_config}"], user_account: { keys: "${var.keys}" } },
      memory: { dedicated: "%{ if var.big }8192%{ else }2048%{ endif }" },
    });
    expect(validate(vmDoc(vm))).toEqual([]);
  });

  test("values convert as in Terraform: numbers and bools to strings, numeric and bool strings back", () => {
    const vm = realisticVm({
      vm_id: "2011",
      on_boot: "true",
      started: "false",
      description: 42,
      name: true,
      cpu: { cores: "2", sockets: 1.0 },
    });
    expect(validate(vmDoc(vm))).toEqual([]);
  });

  test("null means unset, for optional attributes and blocks alike", () => {
    expect(validate(vmDoc(realisticVm({ description: null, startup: null, tags: [null], ipv4_addresses: null })))).toEqual([]);
  });

  test("meta-arguments and comments are not checked against the schema", () => {
    const vm = realisticVm({
      count: "${var.enabled ? 1 : 0}",
      for_each: "${var.machines}",
      provider: "proxmox.pve2",
      depends_on: ["terraform_data.template"],
      lifecycle: { prevent_destroy: true, ignore_changes: ["initialization"], create_before_destroy: false },
      provisioner: [{ "local-exec": { command: "ansible-playbook site.yml" } }],
      connection: { type: "ssh", host: "${self.ipv4_addresses[1][0]}" },
      cpu: { "//": "two cores are plenty", cores: 2 },
    });
    expect(validate(vmDoc(vm))).toEqual([]);
  });

  test("dynamic blocks generate blocks and list-of-object attributes", () => {
    const vm = omit(
      realisticVm({
        dynamic: {
          disk: [{ for_each: "${var.disks}", iterator: "d", content: { interface: "${d.key}", size: "${d.value}" } }],
          network_device: { for_each: "${var.nics}", content: { bridge: "${network_device.value}" } },
          hostpci: { for_each: "${var.gpus}", content: { device: "hostpci0", mapping: "${hostpci.value}" } },
        },
      }),
      "disk",
      "network_device",
    );
    expect(validate(vmDoc(vm))).toEqual([]);
  });

  test("a dynamic block satisfies min_items", () => {
    const hosts = {
      node_name: "pve1",
      dynamic: {
        entry: { for_each: "${var.hosts}", content: { address: "${entry.key}", hostnames: "${entry.value}" } },
      },
    };
    expect(validate(resourceDoc("proxmox_virtual_environment_hosts", "pve1", hosts))).toEqual([]);
  });

  test("data sources and several provider configurations are checked and pass", () => {
    const doc = stackDoc({
      provider: {
        proxmox: [PROVIDER_CONFIG, { alias: "pve2", endpoint: "https://pve2:8006/", random_vm_ids: "true" }],
      },
      data: {
        proxmox_virtual_environment_vms: {
          templates: { node_name: "pve1", tags: ["template"], filter: { name: "template", values: ["true"] } },
        },
      },
      resource: { [VM]: { "lab-dns-1": realisticVm({ provider: "proxmox.pve2" }) } },
    });
    expect(validate(doc)).toEqual([]);
  });

  test("blocks of other providers are skipped, and need no proxmox provider requirement", () => {
    const doc = {
      terraform: { required_providers: { local: { source: "hashicorp/local", version: "2.5.2" } } },
      resource: {
        local_file: { inventory: { filename: "hosts.yml", content: "all: {}", anything: { goes: true } } },
        terraform_data: { template: { input: { vm_id: 9000 } } },
      },
    };
    expect(validate(doc)).toEqual([]);
  });

  test("required_providers may use the full source address in any case, and the array form", () => {
    const doc = vmDoc(realisticVm());
    const terraform = [
      { backend: { local: { path: "lab.tfstate" } } },
      { required_providers: [{ proxmox: { source: "registry.terraform.io/BPG/Proxmox", version: "~> 0.111" } }] },
    ];
    expect(validate({ ...doc, terraform })).toEqual([]);
  });

  test("a document that is not an object is one problem, not an exception", () => {
    expect(validate(["not", "a", "stack"])).toEqual([
      {
        severity: "error",
        stack: "lab",
        address: "cdk.tf.json",
        path: "",
        message: expect.stringContaining("must be an object"),
      },
    ]);
  });

  test("a malformed resource section is reported, not thrown", () => {
    expect(validate(stackDoc({ resource: { [VM]: ["lab-dns-1"] } }))).toEqual([
      {
        severity: "error",
        stack: "lab",
        address: `resource.${VM}`,
        path: "",
        message: 'object required, got "lab-dns-1"',
      },
    ]);
  });
});
