import { Aspects, Testing, TerraformStack } from "cdktf";
import { renderInventory } from "../../artifacts/inventory";
import { renderPackerVarFile } from "../../artifacts/packer-vars";
import { ProjectFile } from "../../constructs/project-file";
import { EnvironmentStack } from "../../stacks/environment-stack";
import { ImagesStack } from "../../stacks/images-stack";
import { LiteralStrings } from "../../stacks/literal-strings";
import type { TerraformJson } from "../helpers";
import { patchedEnvironment, resolveInput } from "../helpers";

/** What Terraform would evaluate if it reached the JSON as written: a file of the machine that runs `cdktf deploy`. */
const READ_A_FILE = '${file("/etc/hostname")}';
/** A template directive. */
const DIRECTIVE = "%{ if true }yes%{ endif }";
/** The base document's key with the template as its comment. */
const KEY = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKYJaog7vgWzLYIK/qgqjqMH6QfkvOq8H1T6vJIXTz2X ${READ_A_FILE}`;

/** Terraform's escapes for literal `${` and `%{` (`$${`, `%%{`). */
function escaped(text: string): string {
  return text.replace(/[$%]\{/g, (opening) => opening[0] + opening);
}

/** Every template sequence (`${`, `%{`) of a JSON text that Terraform would evaluate: not escaped and not one of cdktf's references to a resource. */
function evaluatedTemplates(json: string): string[] {
  return [...json.matchAll(/(?<![$%])[$%]\{(?!(proxmox|local)_[a-z_]+\.)[^"]{0,20}/g)].map((match) => match[0]);
}

describe("every user string reaches the Terraform JSON as a literal", () => {
  const model = resolveInput(
    patchedEnvironment((document) => {
      document.proxmox.sshUser = READ_A_FILE;
      document.network.ntpServers = [`pool.ntp.org${READ_A_FILE}`, DIRECTIVE];
      document.access.sshKeys = [KEY];
      document.backend = { type: "s3", bucket: "tfstate", region: "garage", key: READ_A_FILE };
    }),
  );
  const environment = JSON.parse(Testing.synth(new EnvironmentStack(Testing.app(), model.name, { model }))) as TerraformJson;
  const images = JSON.parse(Testing.synth(new ImagesStack(Testing.app(), `${model.name}-images`, { model }))) as TerraformJson;

  test("free-form fields are escaped where they land: provider, backend, cloud-init keys, the inventory", () => {
    expect(environment.provider.proxmox[0].ssh).toEqual([{ agent: true, username: '$${file("/etc/hostname")}' }]);
    expect(environment.terraform.backend.s3.key).toBe(escaped(READ_A_FILE));
    for (const vm of Object.values(environment.resource.proxmox_virtual_environment_vm)) {
      expect(vm.initialization.user_account.keys).toEqual([escaped(KEY)]);
    }
    for (const vm of Object.values(images.resource.proxmox_virtual_environment_vm)) expect(vm.initialization.user_account.keys).toEqual([escaped(KEY)]);
    // Terraform unescapes the content to exactly the inventory render-artifacts writes
    expect(environment.resource.local_file.ansible_inventory.content).toBe(escaped(renderInventory(model)));
    expect(images.resource.local_file.packer_var_file.content).toBe(escaped(renderPackerVarFile(model)));
  });

  test("no template sequence is left for Terraform to evaluate, and cdktf's own references are kept", () => {
    expect(evaluatedTemplates(JSON.stringify(environment))).toEqual([]);
    expect(evaluatedTemplates(JSON.stringify(images))).toEqual([]);
    const [base] = Object.values(images.resource.proxmox_virtual_environment_vm);
    expect(base.disk[0].import_from).toMatch(/^\$\{proxmox_download_file\.[a-z0-9-]+\.id\}$/);
  });

  test("a stack synthesized twice is escaped once", () => {
    const stack = new TerraformStack(Testing.app(), "twice");
    new ProjectFile(stack, "file", { path: "x.txt", content: READ_A_FILE });
    Aspects.of(stack).add(new LiteralStrings());
    Testing.synth(stack);
    const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
    expect(Object.values(json.resource.local_file).map((file) => file.content)).toEqual([escaped(READ_A_FILE)]);
  });
});
