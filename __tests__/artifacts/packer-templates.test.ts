import * as fs from "fs";
import * as path from "path";
import { parse } from "@cdktf/hcl2json";
import { renderPackerVars } from "../../artifacts/packer-vars";
import { bundledModels, PROJECT_ROOT } from "../helpers";
import type { HclType } from "./hcl-type";
import { parseHclType, typeMismatches } from "./hcl-type";

interface PackerConfig {
  packer?: { required_plugins?: Record<string, { source: string; version: string }>[] }[];
  variable?: Record<string, { type?: string; default?: unknown }[]>;
  source?: Record<string, unknown[]>;
  build?: { source?: Record<string, { name?: string }[]> }[];
}

const PACKER_DIR = path.join(PROJECT_ROOT, "packer");

/** Every `*.pkr.hcl` of packer/, parsed as HCL2 (a syntax error fails the suite). */
async function packerFiles(): Promise<Record<string, PackerConfig>> {
  const files = fs
    .readdirSync(PACKER_DIR)
    .filter((file) => file.endsWith(".pkr.hcl"))
    .sort();
  const parsed = await Promise.all(files.map((file) => parse(file, fs.readFileSync(path.join(PACKER_DIR, file), "utf8"))));
  return Object.fromEntries(files.map((file, index) => [file, parsed[index] as PackerConfig]));
}

describe("packer/ templates", () => {
  let configs: Record<string, PackerConfig>;
  let variables: Record<string, { type: HclType; hasDefault: boolean }>;

  beforeAll(async () => {
    configs = await packerFiles();
    variables = {};
    for (const config of Object.values(configs)) {
      for (const [name, [block]] of Object.entries(config.variable ?? {})) {
        variables[name] = { type: parseHclType(block.type ?? "${any}"), hasDefault: "default" in block };
      }
    }
  });

  it("parse as HCL2 and type every variable", () => {
    expect(Object.keys(configs).length).toBeGreaterThan(0);
    for (const config of Object.values(configs)) {
      for (const [name, [block]] of Object.entries(config.variable ?? {})) expect({ name, type: block.type !== undefined }).toEqual({ name, type: true });
    }
  });

  it("pin every required plugin to one exact version", () => {
    const plugins = Object.values(configs).flatMap((config) => (config.packer ?? []).flatMap((block) => block.required_plugins ?? []));
    expect(plugins.length).toBeGreaterThan(0);
    for (const plugin of plugins.flatMap((entry) => Object.values(entry))) expect(plugin.version).toMatch(/^= \d+\.\d+\.\d+$/);
  });

  it("build a golden template for Debian 12 and Ubuntu 24.04 from the proxmox-clone source", () => {
    const builds = Object.values(configs).flatMap((config) => config.build ?? []);
    const names = builds.flatMap((build) => Object.values(build.source ?? {}).flatMap((sources) => sources.map((source) => source.name))).sort();
    expect(names).toEqual(["debian-12", "ubuntu-2404"]);
  });

  it.each(bundledModels().map((model) => [model.name, model] as const))(
    "declare every variable the %s var file sets, with a compatible type, and get every required one",
    (_name, model) => {
      const vars = renderPackerVars(model) as unknown as Record<string, unknown>;
      const undeclared = Object.keys(vars).filter((name) => !(name in variables));
      const mismatched = Object.entries(vars).flatMap(([name, value]) => (name in variables ? typeMismatches(variables[name].type, value, name) : []));
      const unset = Object.entries(variables)
        .filter(([name, variable]) => !variable.hasDefault && !(name in vars))
        .map(([name]) => name);
      expect({ undeclared, mismatched, unset }).toEqual({ undeclared: [], mismatched: [], unset: [] });
    },
  );

  it("every template key the var files use has a build", () => {
    const keys = new Set(bundledModels().flatMap((model) => Object.keys(renderPackerVars(model).templates)));
    const builds = Object.values(configs).flatMap((config) => config.build ?? []);
    const names = new Set(builds.flatMap((build) => Object.values(build.source ?? {}).flatMap((sources) => sources.map((source) => source.name))));
    for (const key of keys) expect(names).toContain(key);
  });
});

describe("parseHclType / typeMismatches", () => {
  const type = parseHclType("${map(object({\n  a = string # comment\n  b = optional(number)\n  c = list(bool)\n}))}");

  it("accepts a value of the type", () => {
    expect(typeMismatches(type, { x: { a: "1", c: [true] }, y: { a: "2", b: 3, c: [] } }, "v")).toEqual([]);
  });

  it("names wrong, missing and undeclared attributes", () => {
    expect(typeMismatches(type, { x: { a: 1, c: ["no"], d: 0 } }, "v")).toEqual([
      'v["x"].d: not an attribute of the declared object type',
      'v["x"].a: 1 is not a string',
      'v["x"].c[0]: "no" is not a bool',
    ]);
    expect(typeMismatches(type, { x: { c: [] } }, "v")).toEqual(['v["x"].a: missing']);
  });
});
