import type { PgBackendConfig, TerraformStack } from "cdktf";
import { LocalBackend, PgBackend, S3Backend } from "cdktf";
import { projectRootFromStackDir } from "../constructs/project-file";
import type { BackendPlan } from "../environment/model";

/**
 * Configures the environment's state backend. No credential is ever written: the pg backend reads
 * `PG_CONN_STR` and the s3 backend the `AWS_*` variables when Terraform initialises.
 */
export function configureStateBackend(stack: TerraformStack, environment: string, backend: BackendPlan): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: `${projectRootFromStackDir(stack)}/${backend.path ?? `terraform.${environment}.tfstate`}` });
      return;
    case "pg":
      // conn_str is deliberately absent (it holds a password): Terraform takes it from PG_CONN_STR.
      new PgBackend(stack, { schemaName: backend.schemaName ?? `homelab_${environment.replace(/-/g, "_")}` } as PgBackendConfig);
      return;
    case "s3": {
      const selfHosted = backend.endpoint !== undefined;
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key ?? `homelab/${environment}.tfstate`,
        region: backend.region,
        encrypt: true,
        ...(selfHosted
          ? {
              endpoints: { s3: backend.endpoint },
              usePathStyle: true,
              skipCredentialsValidation: true,
              skipRegionValidation: true,
              skipRequestingAccountId: true,
              skipMetadataApiCheck: true,
              skipS3Checksum: true,
            }
          : {}),
      });
      return;
    }
  }
}
