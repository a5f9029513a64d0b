import { LocalBackend, PgBackend, PgBackendConfig, S3Backend, TerraformStack } from "cdktf";
import { BackendSpec } from "./environment-schema";

/**
 * Terraform runs inside `cdktf.out/stacks/<env>/`; local state paths are written relative to that
 * directory so that they point at the project root and no absolute path reaches the JSON.
 */
export const PROJECT_ROOT_FROM_STACK_DIR = "../../..";

/**
 * Configures the environment's state backend. No credential is ever written: the pg backend reads
 * `PG_CONN_STR` and the s3 backend the `AWS_*` variables when Terraform initialises.
 */
export function configureStateBackend(stack: TerraformStack, environment: string, backend: BackendSpec): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: `${PROJECT_ROOT_FROM_STACK_DIR}/${backend.path ?? `terraform.${environment}.tfstate`}` });
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
