import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { CloudImageTemplate } from "../constructs/cloud-image-template";
import { PackerVarFile } from "../constructs/packer-var-file";
import { EnvironmentModel, templatesInUse } from "./environment-model";
import { setUpEnvironmentStack } from "./stack-setup";

/** The name of an environment's images stack: `lab` -> `lab-images`. */
export function imagesStackName(environment: string): string {
  return `${environment}-images`;
}

/** Props of {@link ImagesStack}. */
export interface ImagesStackProps {
  /** The validated, resolved environment. */
  readonly model: EnvironmentModel;
}

/**
 * What must exist before `packer build` and the environment stack: for every template some machine
 * clones, the cloud image downloaded onto the template's node and imported as a base template VM
 * (VMID {@link TemplatePlan.baseVmId}), and the Packer var file that points Packer at them. Deployed
 * as `cdktf deploy <env>-images`, with its own state, before `cdktf deploy <env>`.
 */
export class ImagesStack extends TerraformStack {
  /** The environment this stack was built from. */
  public readonly model: EnvironmentModel;
  /** Base images by template key. */
  public readonly images: ReadonlyMap<string, CloudImageTemplate>;
  /** The Packer var file `cdktf deploy` writes. */
  public readonly packerVarFile: PackerVarFile;

  constructor(scope: Construct, id: string, props: ImagesStackProps) {
    super(scope, id);
    const { model } = props;
    const { spec } = model;
    this.model = model;
    setUpEnvironmentStack(this, imagesStackName(model.name), spec);

    const images = new Map<string, CloudImageTemplate>();
    for (const template of templatesInUse(model)) {
      const name = `base-${model.name}-${template.key}`;
      const image = new CloudImageTemplate(this, template.key, {
        node: template.node,
        vmId: template.baseVmId,
        name,
        url: template.image.url,
        checksum: template.image.checksum,
        fileName: `${model.name}-${template.image.fileName ?? new URL(template.image.url).pathname.split("/").pop()}`,
        imageDatastore: spec.proxmox.imageDatastore,
        vmDatastore: spec.proxmox.datastore,
        bridge: spec.proxmox.bridge,
        vlan: spec.network.vlan,
        user: template.buildUser,
        sshKeys: spec.access.sshKeys,
        tags: ["base-image", `env-${model.name}`],
      });
      images.set(template.key, image);
    }
    this.images = images;
    this.packerVarFile = new PackerVarFile(this, "packer-var-file", {
      model,
      dependsOn: [...images.values()].map((image) => image.vm),
    });
    this.packerVarFile.file.resource.overrideLogicalId("packer_var_file");
  }
}
