import type { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { packerVarFilePath, renderPackerVarFile } from "../artifacts/packer-vars";
import { CloudImageTemplate } from "../constructs/cloud-image-template";
import { ContainerTemplate } from "../constructs/container-template";
import { ProjectFile } from "../constructs/project-file";
import type { EnvironmentModel } from "../environment/model";
import { containerTemplatesInUse, templatesInUse } from "../environment/model";
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
 * (VMID `TemplatePlan.baseVmId`), and the Packer var file that points Packer at them; for every LXC
 * template some container uses, the template on each node that runs such a container. Deployed as
 * `cdktf deploy <env>-images`, with its own state, before `cdktf deploy <env>`.
 */
export class ImagesStack extends TerraformStack {
  /** The environment this stack was built from. */
  public readonly model: EnvironmentModel;
  /** Base images by template key. */
  public readonly images: ReadonlyMap<string, CloudImageTemplate>;
  /** LXC templates by `<key>/<node>`. */
  public readonly containerTemplates: ReadonlyMap<string, ContainerTemplate>;
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
    const containerTemplates = new Map<string, ContainerTemplate>();
    for (const { template, nodes } of containerTemplatesInUse(model)) {
      for (const node of nodes) {
        const file = new ContainerTemplate(this, `${template.key}-${node}`, {
          node,
          datastore: proxmox.imageDatastore,
          fileName: template.fileName,
          ...(template.source.kind === "download"
            ? { url: template.source.url, checksum: template.source.checksum }
            : { ociReference: template.source.reference }),
        });
        // `proxmox_download_file.lxc-lab-debian-12-pve1`: apart from the cloud images' `base-lab-<key>`
        file.resource.overrideLogicalId(`lxc-${model.name}-${template.key}-${node}`);
        containerTemplates.set(`${template.key}/${node}`, file);
      }
    }
    this.containerTemplates = containerTemplates;
    this.packerVarFile = new ProjectFile(this, IMAGES_STACK_IDS["the Packer var file"], {
      path: packerVarFilePath(model.name),
      content: renderPackerVarFile(model),
      dependsOn: [...images.values()].map((image) => image.vm),
    });
    this.packerVarFile.resource.overrideLogicalId("packer_var_file");
  }
}
