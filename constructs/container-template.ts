import { Construct } from "constructs";
import { z } from "zod";
import { DownloadFile } from "../.gen/providers/proxmox/download-file";
import { OciImage } from "../.gen/providers/proxmox/oci-image";
import { checksum, containerTemplateFileName, datastoreId, hostLabel, ociReference } from "../environment/primitives";
import { propProblems } from "../environment/schema-check";

/** Props of {@link ContainerTemplate}: a template file to download (`url`) or an OCI image to pull (`ociReference`), exactly one. */
export interface ContainerTemplateProps {
  /** Node whose datastore gets the template (a file datastore is per node: each node that runs such containers needs its own). */
  readonly node: string;
  /** File datastore with the `vztmpl` content type, e.g. `local`. */
  readonly datastore: string;
  /** File name on the datastore: `.tar.zst`, `.tar.xz`, `.tar.gz` for a download, `.tar` for an OCI image. */
  readonly fileName: string;
  /** URL of the template file (as `pveam` downloads them). @default none: `ociReference` is the source */
  readonly url?: string;
  /** `sha256:<hex>` or `sha512:<hex>` of the file. @default not verified */
  readonly checksum?: string;
  /** OCI image to pull and store as the template (Proxmox VE 9.1+), e.g. `docker.io/library/debian:12`. @default none: `url` is the source */
  readonly ociReference?: string;
}

/** The rules for the props, checked at synth. */
const propsSchema = z
  .object({
    node: hostLabel,
    datastore: datastoreId,
    fileName: containerTemplateFileName,
    url: z.url({ protocol: /^https?$/ }).optional(),
    checksum: checksum.optional(),
    ociReference: ociReference.optional(),
  })
  .superRefine((props, context) => {
    if ((props.url === undefined) === (props.ociReference === undefined))
      context.addIssue({ code: "custom", path: [], message: "needs exactly one of url (a template file to download) or ociReference (an image to pull)" });
    if (props.ociReference !== undefined && !props.fileName.endsWith(".tar"))
      context.addIssue({ code: "custom", path: ["fileName"], message: "must end in .tar for an OCI image" });
  });

/**
 * An LXC template on one node's datastore, what containers are created from: a template file
 * downloaded (`proxmox_download_file`, content type `vztmpl`, never re-downloaded when upstream
 * changes) or an OCI image pulled (`proxmox_oci_image`). {@link ContainerTemplate.volumeId} is the
 * `vztmpl` volume containers name.
 */
export class ContainerTemplate extends Construct {
  /** The L1 resource that puts the template on the node (also `node.defaultChild`). */
  public readonly resource: DownloadFile | OciImage;
  /** `<datastore>:vztmpl/<fileName>`. */
  public readonly volumeId: string;

  constructor(scope: Construct, id: string, props: ContainerTemplateProps) {
    super(scope, id);
    this.volumeId = `${props.datastore}:vztmpl/${props.fileName}`;
    const [algorithm, digest] = props.checksum ? props.checksum.split(":") : [undefined, undefined];
    this.resource =
      props.ociReference !== undefined
        ? new OciImage(this, "image", { nodeName: props.node, datastoreId: props.datastore, reference: props.ociReference, fileName: props.fileName })
        : new DownloadFile(this, "file", {
            nodeName: props.node,
            datastoreId: props.datastore,
            contentType: "vztmpl",
            url: props.url ?? "",
            fileName: props.fileName,
            checksum: digest,
            checksumAlgorithm: algorithm,
            overwrite: false,
          });
    this.node.defaultChild = this.resource;
    this.node.addValidation({ validate: () => propProblems(propsSchema, props) });
  }
}
