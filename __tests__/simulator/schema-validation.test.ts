import * as crypto from "crypto";
import * as fs from "fs";
import { ApiRoutes } from "../../simulator/schema/api-routes";
import type { MethodSchema, ParameterSchema } from "../../simulator/schema/api-schema";
import { API_SCHEMA_FILE, loadApiSchema } from "../../simulator/schema/api-schema";
import { perlPattern } from "../../simulator/schema/perl-pattern";
import { validateParameters } from "../../simulator/schema/validate";

const routes = new ApiRoutes(loadApiSchema());

function method(httpMethod: "GET" | "POST" | "PUT" | "DELETE", path: string): { schema: MethodSchema; pathParams: Record<string, string> } {
  const match = routes.match(httpMethod, path);
  if (match.kind !== "found") throw new Error(`${httpMethod} ${path}: ${match.kind}`);
  return { schema: match.method, pathParams: { ...match.pathParams } };
}

/** Errors of a PUT config with `params` on VM 2000 of pve1 (undefined when valid). */
function configErrors(params: Record<string, string>): Readonly<Record<string, string>> | undefined {
  const { schema, pathParams } = method("PUT", "/nodes/pve1/qemu/2000/config");
  const result = validateParameters(schema, { ...pathParams, ...params });
  return result.ok ? undefined : result.errors;
}

describe("the vendored Proxmox VE API schema", () => {
  test("is the unedited 9.1.3 reduction (431 paths)", () => {
    const schema = loadApiSchema();
    expect({ format: schema.format, version: schema.source.pveVersion, paths: Object.keys(schema.paths).length }).toEqual({
      format: "pve-api-schema/1",
      version: "9.1.3",
      paths: 431,
    });
    expect(crypto.createHash("sha256").update(fs.readFileSync(API_SCHEMA_FILE)).digest("hex")).toBe(
      "a00ee85ef7890e5b10e88537fb9af6870c29dfcd9ec1d329454235ff2b8a139c",
    );
  });

  test("every pattern in it compiles as an anchored JavaScript expression", () => {
    const patterns = new Set<string>();
    const collect = (properties: Readonly<Record<string, ParameterSchema>> | undefined) => {
      for (const schema of Object.values(properties ?? {})) {
        if (schema.pattern) patterns.add(schema.pattern);
        if (schema.format && typeof schema.format !== "string") collect(schema.format);
      }
    };
    for (const methods of Object.values(loadApiSchema().paths)) for (const schema of Object.values(methods)) collect(schema?.parameters?.properties);
    expect(patterns.size).toBeGreaterThan(50);
    for (const pattern of patterns) expect(() => perlPattern(pattern)).not.toThrow();
    expect(perlPattern("(?^i:[a-z0-9_][a-z0-9_\\-\\+\\.]*)").test("Env-Lab")).toBe(true);
    expect(perlPattern("\\d+[MG]?").test("12G ")).toBe(false);
  });
});

describe("path matching", () => {
  test("literal segments win over parameters, encoded segments are decoded, a trailing slash is ignored", () => {
    expect(routes.match("GET", "/nodes/pve1/qemu/2000/status/current")).toMatchObject({
      kind: "found",
      template: "/nodes/{node}/qemu/{vmid}/status/current",
      pathParams: { node: "pve1", vmid: "2000" },
    });
    expect(routes.match("DELETE", "/nodes/pve1/qemu/2000/")).toMatchObject({ kind: "found", template: "/nodes/{node}/qemu/{vmid}" });
    expect(routes.match("GET", "/nodes/pve1/storage/local/content/local%3Aimport%2Fdebian.qcow2")).toMatchObject({
      pathParams: { volume: "local:import/debian.qcow2" },
    });
  });

  test("unknown paths and methods are told apart", () => {
    expect(routes.match("GET", "/nodes/pve1/no-such-thing")).toEqual({ kind: "no-such-path" });
    expect(routes.match("PUT", "/version")).toEqual({ kind: "no-such-method", template: "/version" });
  });
});

describe("parameter validation as Proxmox VE does it", () => {
  test("a valid config change passes, with integers and booleans typed", () => {
    const { schema, pathParams } = method("PUT", "/nodes/pve1/qemu/2000/config");
    const result = validateParameters(schema, {
      ...pathParams,
      cores: "2",
      onboot: "true",
      net0: "virtio,bridge=vmbr0,tag=20",
      ipconfig0: "ip=10.2.20.5/24,gw=10.2.20.1",
    });
    expect(result).toEqual({
      ok: true,
      values: { node: "pve1", vmid: 2000, cores: 2, onboot: 1, net0: "virtio,bridge=vmbr0,tag=20", ipconfig0: "ip=10.2.20.5/24,gw=10.2.20.1" },
    });
  });

  test("unknown parameters, wrong types, ranges and enumerations get PVE's messages, per parameter", () => {
    expect(configErrors({ foo: "1", cores: "two", sockets: "0", ostype: "plan9", memory: "2048" })).toEqual({
      foo: "property is not defined in schema and the schema does not allow additional properties",
      cores: "type check ('integer') failed - got 'two'",
      sockets: "value must have a minimum value of 1",
      ostype: "value 'plan9' does not have a value in the enumeration 'other, wxp, w2k, w2k3, w2k8, wvista, win7, win8, win10, win11, l24, l26, solaris'",
    });
    expect(configErrors({ onboot: "maybe" })).toEqual({ onboot: "type check ('boolean') failed - got 'maybe'" });
  });

  test("indexed parameters exist only up to PVE's maximum index", () => {
    expect(configErrors({ net31: "virtio,bridge=vmbr0" })).toBeUndefined();
    expect(configErrors({ net32: "virtio,bridge=vmbr0" })).toEqual({
      net32: "property is not defined in schema and the schema does not allow additional properties",
    });
  });

  test("property strings are checked key by key, with the default key, aliases and key aliases", () => {
    expect(configErrors({ net0: "virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1" })).toBeUndefined();
    expect(configErrors({ net0: "virtio,bridge=vmbr0,tag=5000" })).toEqual({
      net0: "invalid format - format error\nnet0.tag: value must have a maximum value of 4094",
    });
    expect(configErrors({ net0: "virtio,bridge=vmbr0,speed=10" })).toEqual({ net0: "invalid format - invalid key in comma-separated list property: speed" });
    expect(configErrors({ net0: "bridge=vmbr0" })).toEqual({ net0: "invalid format - format error\nnet0.model: property is missing and it is not optional" });
    expect(configErrors({ net0: "virtio=01:00:00:00:00:01" })).toEqual({
      net0: "invalid format - format error\nnet0.macaddr: invalid format - value does not look like a valid unicast MAC address",
    });
    expect(configErrors({ scsi0: "local-lvm:8,iothread=1,discard=on" })).toBeUndefined();
    expect(configErrors({ scsi0: "volume=local-lvm:8,discard=maybe" })).toEqual({
      scsi0: "invalid format - format error\nscsi0.discard: value 'maybe' does not have a value in the enumeration 'ignore, on'",
    });
    expect(configErrors({ scsi0: "local-lvm:8,local-lvm:9" })).toEqual({ scsi0: "invalid format - duplicate key in comma-separated list property: file" });
    expect(configErrors({ agent: "1,fstrim_cloned_disks=yes" })).toBeUndefined();
  });

  test("named formats: IP configs, CPU models, tags, URL-encoded keys, startup order", () => {
    expect(configErrors({ ipconfig0: "ip=10.2.20.5/33" })).toEqual({
      ipconfig0: "invalid format - format error\nipconfig0.ip: invalid format - value does not look like a valid IPv4 network configuration",
    });
    expect(configErrors({ ipconfig0: "ip=dhcp" })).toBeUndefined();
    expect(configErrors({ cpu: "x86-64-v2-AES" })).toBeUndefined();
    expect(configErrors({ cpu: "pentium9" })).toEqual({
      cpu: "invalid format - format error\ncpu.cputype: invalid format - Built-in cputype 'pentium9' is not defined (missing 'custom-' prefix?)",
    });
    expect(configErrors({ tags: "env-lab;infra" })).toBeUndefined();
    expect(configErrors({ tags: "env-lab;not ok!" })).toEqual({ tags: "invalid format - invalid characters in tag" });
    expect(configErrors({ sshkeys: "ssh-ed25519 AAAA" })).toEqual({ sshkeys: "invalid format - value 'ssh-ed25519 AAAA' is not urlencoded" });
    expect(configErrors({ startup: "order=2,up=30" })).toBeUndefined();
    expect(configErrors({ startup: "first" })).toEqual({ startup: "invalid format - unable to parse startup options" });
    expect(configErrors({ nameserver: "10.2.20.53 10.2.20.1" })).toBeUndefined();
  });

  test("missing required parameters and patterns", () => {
    const clone = method("POST", "/nodes/pve1/qemu/2901/clone");
    expect(validateParameters(clone.schema, { ...clone.pathParams })).toEqual({ ok: false, errors: { newid: "property is missing and it is not optional" } });
    expect(validateParameters(clone.schema, { ...clone.pathParams, newid: "99" })).toEqual({
      ok: false,
      errors: { newid: "value must have a minimum value of 100" },
    });
    const resize = method("PUT", "/nodes/pve1/qemu/2000/resize");
    expect(validateParameters(resize.schema, { ...resize.pathParams, disk: "scsi0", size: "+8 G" })).toEqual({
      ok: false,
      errors: { size: "value does not match the regex pattern" },
    });
  });
});
