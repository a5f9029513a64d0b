/**
 * homelab-cdktf: persona constructs that synthesize bpg/proxmox Terraform JSON, an Ansible
 * inventory and Packer var files for a Proxmox homelab, two stacks per environment.
 *
 * The public API, named one by one; everything else is internal. `etc/homelab-cdktf.api.md`
 * records it (see docs/api.md).
 *
 * @packageDocumentation
 */

// Environments: declare, load, validate, resolve
export { defineEnvironment, loadEnvironments } from "./environment/load/load-environments";
export type { EnvironmentDeclaration, EnvironmentFile, EnvironmentSource, LoadOptions } from "./environment/load/load-environments";
export { readEnvironmentFiles, readRegistryFiles } from "./environment/load/read-files";
export type { RegistrySource } from "./environment/load/registry-file";
export { readComposeStacks } from "./environment/load/compose-stacks";
export type { ComposeStack, ComposeStackCatalog } from "./environment/compose-stacks";
export type { EnvironmentInput } from "./environment/schema";
export { EnvironmentValidationError, formatIssue } from "./environment/issues";
export type { ValidationIssue } from "./environment/issues";
export type { AppPlan } from "./environment/app-plan";
export type {
  AccessPlan,
  BackendPlan,
  BackupPlan,
  ContainerMachinePlan,
  ContainerSettingsPlan,
  ContainerTemplatePlan,
  ContainerTemplateSource,
  DataDiskPlan,
  DiskPlan,
  EnvironmentModel,
  MachineLifecycle,
  MachinePlan,
  MachinePlanBase,
  NetworkPlan,
  NodePlan,
  ProxmoxPlan,
  RetiringMachinePlan,
  TemplatePlan,
  VmMachinePlan,
} from "./environment/model";
export type { ContainerOsType } from "./environment/primitives";

// The machine registry: what was handed out to each machine (environments/<env>.lock.yaml)
export { registryFileName } from "./environment/registry/machine-registry";
export type { MachineRegistry, RegistryDisk, RegistryEntry } from "./environment/registry/machine-registry";
export { renderRegistry } from "./environment/registry/render-registry";

// Personas: what a machine is for
export type { Persona, PersonaCatalog, PersonaContainerSettings, PersonaDataDisk, Service, ServicePort } from "./environment/persona";
export { SIZE_NAMES, SIZES } from "./environment/sizes";
export type { SizeName, SizeSpec } from "./environment/sizes";
export { personaCatalog, stockPersonaCatalog } from "./personas/catalog";
export { BASE_SERVICES, SERVICES } from "./personas/services";
export type { ServiceName } from "./personas/services";
export {
  certificateAuthorityPersona,
  dockerHostPersona,
  monitoringPersona,
  networkingPersona,
  STOCK_PERSONAS,
  timeServerPersona,
  toolsHostPersona,
} from "./personas/stock-personas";
export { PersonaMachine } from "./personas/persona-machine";
export type { PersonaMachineProps } from "./personas/persona-machine";
export { PersonaContainer } from "./personas/persona-container";
export type { PersonaContainerProps } from "./personas/persona-container";

// Constructs: L2, props only
export { ProxmoxBackupJob } from "./constructs/backup-job";
export type { BackupRetentionProps, ProxmoxBackupJobProps } from "./constructs/backup-job";
export { CloudImageTemplate } from "./constructs/cloud-image-template";
export type { CloudImageTemplateProps } from "./constructs/cloud-image-template";
export { ContainerTemplate } from "./constructs/container-template";
export type { ContainerTemplateProps } from "./constructs/container-template";
export { ProjectFile } from "./constructs/project-file";
export type { ProjectFileProps } from "./constructs/project-file";
export { ProxmoxVm } from "./constructs/proxmox-vm";
export type { DiskInterface, ProxmoxVmProps, StaticIpv4, VmDiskProps, VmLifecycleProps, VmNicProps } from "./constructs/proxmox-vm";
export { ProxmoxVmResource } from "./constructs/vm-resource";
export { RetiringVm } from "./constructs/retiring-vm";
export type { RetiringVmProps } from "./constructs/retiring-vm";
export { ProxmoxContainer } from "./constructs/proxmox-container";
export type { ContainerLifecycleProps, ContainerMountPointProps, ContainerRootDiskProps, ProxmoxContainerProps } from "./constructs/proxmox-container";

// Stacks and synthesis
export { EnvironmentStack } from "./stacks/environment-stack";
export type { EnvironmentStackProps } from "./stacks/environment-stack";
export { addEnvironmentStacks } from "./stacks/environment-stacks";
export { LiteralStrings } from "./stacks/literal-strings";
export { ImagesStack } from "./stacks/images-stack";
export { imagesStackName } from "./environment/stack-names";
export type { ImagesStackProps } from "./stacks/images-stack";
export { synthesizeEnvironments } from "./synth/synthesize";
export type { SynthesizeOptions } from "./synth/synthesize";
export { SynthOutputError } from "./synth/output-error";
