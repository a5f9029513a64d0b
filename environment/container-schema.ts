import { z } from "zod";
import { checksum, containerOsType, containerTemplateFileName, formatError, hostLabel, ociReference } from "./primitives";

/**
 * One LXC template an environment's container personas may name: a template file downloaded onto
 * the nodes (`url`, as `pveam` would), or an OCI image pulled and stored as one (`oci`, Proxmox VE
 * 9.1+). Either way it becomes a `vztmpl` volume of the environment's image datastore.
 */
export const containerTemplateSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: formatError("must be an http(s) URL of an LXC template file (.tar.zst, .tar.xz, .tar.gz)") })
      .optional()
      .describe("Template file to download, e.g. http://download.proxmox.com/images/system/debian-12-standard_12.12-1_amd64.tar.zst"),
    checksum: checksum.optional().describe("Checksum of the template file; not verified when absent"),
    fileName: containerTemplateFileName.optional().describe("File name on the image datastore; the URL's last segment when absent"),
    oci: ociReference.optional().describe("OCI image to pull as the template instead of a file, e.g. docker.io/library/debian:12"),
    osType: containerOsType.default("debian").describe("Distribution inside the template: Proxmox sets up its network, hostname and SSH keys by it"),
  })
  .superRefine((template, context) => {
    if ((template.url === undefined) === (template.oci === undefined)) {
      context.addIssue({ code: "custom", path: [], message: "needs exactly one of url (a template file to download) or oci (an image to pull)" });
    }
    if (template.oci !== undefined && template.fileName !== undefined && !template.fileName.endsWith(".tar")) {
      context.addIssue({ code: "custom", path: ["fileName"], message: "must end in .tar for an OCI image (Proxmox stores pulled images uncompressed)" });
    }
    if (template.oci !== undefined && template.checksum !== undefined) {
      context.addIssue({ code: "custom", path: ["checksum"], message: "applies to url only: an OCI image is verified by its registry digest" });
    }
  })
  .describe("An LXC template: a file downloaded from url, or an OCI image pulled from oci");

/** The environment's LXC templates by key: container personas name the key in `template`. */
export const containerTemplatesSchema = z.record(hostLabel, containerTemplateSchema).describe("LXC templates by key; container personas name the key");

/** An LXC template entry after validation. */
export type ContainerTemplateSpec = z.output<typeof containerTemplateSchema>;
