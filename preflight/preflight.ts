import type { EnvironmentModel } from "../environment/model";
import { checkApi, checkBridges, checkDatastores, checkNodes, checkPrivileges, checkTemplates, checkVmIdRange } from "./checks";
import { environmentNeeds } from "./needs";
import type { ReadOnlyApi } from "./read-only-api";
import type { CheckResult } from "./result";

/**
 * Checks that an environment's Proxmox VE cluster is ready for `cdktf deploy`, read-only through
 * its API: the API answers and accepts the token, the release is new enough, the nodes are online,
 * the bridges and datastores (with their content types) exist, the VMID range holds no one else's
 * guest, the templates exist or will be made, and the token holds every privilege the provider
 * needs for the environment's resources. One result per check; when the API does not answer or
 * refuses the token, nothing after that can be checked.
 */
export async function runPreflight(model: EnvironmentModel, api: ReadOnlyApi, tokenId: string): Promise<CheckResult[]> {
  const context = { model, needs: environmentNeeds(model), api, tokenId };
  const reached = await checkApi(context);
  if (!reached.reachable) return reached.results;
  const nodes = await checkNodes(context);
  return [
    ...reached.results,
    ...nodes.results,
    ...(await checkBridges(context, nodes.online)),
    ...(await checkDatastores(context, nodes.online)),
    await checkVmIdRange(context),
    ...(await checkTemplates(context)),
    ...(await checkPrivileges(context)),
  ];
}
