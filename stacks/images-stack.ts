import type { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { packerVarFilePath, renderPackerVarFile } from "../artifacts/packer-vars";
import { CloudImageTemplate } from "../constructs/cloud-image-template";
import { ProjectFile } from "../constructs/project-file";
import type { EnvironmentModel } from "../environment/model";
import { templatesInUse } from "../environment/model";
import { IMAGES_STACK_IDS, imagesStackName } from "../environment/stack-names";
import { setUpEnvironmentStack } from "./stack-setup";

/** Props of {@link ImagesStack}. */
export interface ImagesStackProps {
  /** The validated, resolved environment. */
  readonly model: EnvironmentModel;
}

/**
 * What must exist before `packer build` and the environment stack: for every template some machine
 * clones, the cloud image downloaded onto the template's node and imported as a base template VM
 * (VMID `TemplatePlan.baseVmId`), and the Packer var file that points Packer at them. Deployed
 * as `cdktf deploy <env>-images`, with its own state, before `cdktf deploy <env>`.
 */
export class ImagesStack extends TerraformStack {
  /** The environment this stack was built from. */
  public readonly model: EnvironmentModel;
  /** Base images by template key. */
  public readonly images: ReadonlyMap<string, CloudImageTemplate>;
  /** The Packer var file `cdktf deploy` writes. */
  public readonly packerVarFile: ProjectFile;

  constructor(scope: Construct, id: string, props: ImagesStackProps) {
    super(scope, id);
    const { model } = props;
    const { proxmox, network, access } = model;
    this.model = model;
    setUpEnvironmentStack(this, imagesStackName(model.name), model);

    const images = new Map<string, CloudImageTemplate>();
    for (const template of templatesInUse(model)) {
      const image = new CloudImageTemplate(this, template.key, {
        node: template.node,
        vmId: template.baseVmId,
        name: `base-${model.name}-${template.key}`,
        url: template.image.url,
        checksum: template.image.checksum,
        fileName: template.image.fileName,
        imageDatastore: proxmox.imageDatastore,
        vmDatastore: proxmox.datastore,
        bridge: network.bridge,
        vlan: network.vlan,
        user: template.buildUser,
        sshKeys: access.sshKeys,
        tags: ["base-image", `env-${model.name}`],
      });
      images.set(template.key, image);
    }
    this.images = images;
    this.packerVarFile = new ProjectFile(this, IMAGES_STACK_IDS["the Packer var file"], {
      path: packerVarFilePath(model.name),
      content: renderPackerVarFile(model),
      dependsOn: [...images.values()].map((image) => image.vm),
    });
    this.packerVarFile.resource.overrideLogicalId("packer_var_file");
  }
}
