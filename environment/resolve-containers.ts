import type { ValidationIssue } from "./issues";
import type { ContainerSettingsPlan, ContainerTemplatePlan } from "./model";
import type { PersonaContainerSettings } from "./persona";
import { containerTemplateFileName } from "./primitives";
import type { EnvironmentSpec } from "./schema";

/** The file an OCI image is stored as: its last path segment, `:` made `_`, as a `.tar` (`docker.io/library/debian:12` -> `debian_12.tar`). */
function ociFileName(reference: string): string {
  const [withoutDigest] = reference.split("@");
  const last = withoutDigest.split("/").pop() ?? withoutDigest;
  return `${last.replace(/:/g, "_")}.tar`;
}

/**
 * The environment's LXC templates in key order: sources, the file name on the image datastore
 * (prefixed with the environment name, so environments never share one) and its `vztmpl` volume.
 * A template whose URL does not end in a template file name needs `fileName`: that is an issue.
 */
export function resolveContainerTemplates(
  name: string,
  file: string,
  spec: EnvironmentSpec,
): { readonly templates: ContainerTemplatePlan[]; readonly issues: ValidationIssue[] } {
  const declared = spec.containerTemplates ?? {};
  const issues: ValidationIssue[] = [];
  const templates = Object.keys(declared)
    .sort()
    .flatMap((key): ContainerTemplatePlan[] => {
      const template = declared[key];
      const own = template.fileName ?? (template.url !== undefined ? new URL(template.url).pathname.split("/").pop() : ociFileName(template.oci ?? ""));
      if (own === undefined || !containerTemplateFileName.safeParse(own).success) {
        issues.push({
          file,
          path: `containerTemplates.${key}.${template.url !== undefined ? "url" : "oci"}`,
          message: `does not end in a template file name (.tar, .tar.zst, .tar.xz, .tar.gz): set fileName`,
        });
        return [];
      }
      const fileName = `${name}-${own}`;
      return [
        {
          key,
          source:
            template.url !== undefined ? { kind: "download", url: template.url, checksum: template.checksum } : { kind: "oci", reference: template.oci ?? "" },
          fileName,
          volumeId: `${spec.proxmox.imageDatastore}:vztmpl/${fileName}`,
          osType: template.osType,
        },
      ];
    });
  return { templates, issues };
}

/** What a container persona's machines may do: unprivileged unless it says otherwise, no nesting unless it asks. */
export function resolveContainerSettings(container: PersonaContainerSettings): ContainerSettingsPlan {
  return { unprivileged: container.unprivileged ?? true, nesting: container.nesting ?? false };
}
