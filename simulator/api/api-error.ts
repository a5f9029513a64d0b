/**
 * An error answer as Proxmox VE gives it: the HTTP status with the message as its reason phrase
 * (what the bpg provider reports), a JSON body `{"data":null}`, plus per-parameter `errors` for a
 * 400 from parameter verification.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

/** PVE's 500 for a VM config file that is not on the node the request names. */
export function noSuchVm(node: string, vmid: number): ApiError {
  return new ApiError(500, `Configuration file 'nodes/${node}/qemu-server/${vmid}.conf' does not exist`);
}

/** Parameter verification failed: HTTP 400 with the messages per parameter. */
export function parameterError(errors: Readonly<Record<string, string>>): ApiError {
  return new ApiError(400, "Parameter verification failed.", errors);
}
