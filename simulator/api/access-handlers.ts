import type { HandlerTable } from "./handler-table";
import { param } from "./handler-table";
import { aclPaths, effectivePrivileges } from "../state/access";

/** Registers `GET access/permissions`: what the calling token may do, per path (1: the privilege propagates). */
export function registerAccessHandlers(table: HandlerTable): void {
  table.on("GET", "/access/permissions", (request) => {
    const token = request.token;
    const path = param.optionalString(request, "path");
    const paths = path === undefined ? aclPaths(token) : [path];
    return Object.fromEntries(
      paths.map((at) => [
        at,
        Object.fromEntries([...effectivePrivileges(token, at)].sort(([a], [b]) => a.localeCompare(b)).map(([name, propagates]) => [name, propagates ? 1 : 0])),
      ]),
    );
  });
}
