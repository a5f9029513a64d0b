import type { PgBackendConfig, TerraformStack } from "cdktf";
import { LocalBackend, PgBackend, S3Backend } from "cdktf";
import { projectRootFromStackDir } from "../constructs/project-file";
import type { BackendPlan } from "../environment/model";
import { stateLocation } from "../environment/state-locations";

/**
 * Configures the state backend of one stack of an environment, at the stack's own location
 * ({@link stateLocation}: no two stacks share a state). No credential is ever written: the pg
 * backend reads `PG_CONN_STR` and the s3 backend the `AWS_*` variables when Terraform initialises.
 */
export function configureStateBackend(stack: TerraformStack, environment: string, stackName: string, backend: BackendPlan): void {
  const location = stateLocation(backend, environment, stackName);
  switch (location.type) {
    case "local":
      new LocalBackend(stack, { path: `${projectRootFromStackDir(stack)}/${location.path}` });
      return;
    case "pg":
      // conn_str is deliberately absent (it holds a password): Terraform takes it from PG_CONN_STR.
      new PgBackend(stack, { schemaName: location.schemaName } as PgBackendConfig);
      return;
    case "s3": {
      const selfHosted = location.endpoint !== undefined;
      new S3Backend(stack, {
        bucket: location.bucket,
        key: location.key,
        region: location.region,
        encrypt: true,
        ...(selfHosted
          ? {
              endpoints: { s3: location.endpoint },
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
