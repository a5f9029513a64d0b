import type { ValidationIssue } from "../issues";
import type { ModelRule } from "./rule";

/** The machines an environment places on a node fit the cores and memory it declares for that node. */
export const capacityRules: ModelRule = (models) =>
  models.flatMap(({ file, proxmox, machines }) =>
    proxmox.nodes.flatMap((node, index): ValidationIssue[] => {
      const placed = machines.filter((machine) => machine.node === node.name);
      const demand = (resource: "cores" | "memoryMiB", declared: number | undefined, unit: string): ValidationIssue[] => {
        const needed = placed.reduce((sum, machine) => sum + machine.resources[resource], 0);
        if (declared === undefined || needed <= declared) return [];
        const who = placed.map((machine) => `${machine.name}: ${machine.resources[resource]}`).join(", ");
        return [
          {
            file,
            path: `proxmox.nodes[${index}].${resource}`,
            message: `the machines on ${node.name} need ${needed} ${unit}, more than the ${declared} declared (${who})`,
          },
        ];
      };
      return [...demand("cores", node.cores, "cores"), ...demand("memoryMiB", node.memoryMiB, "MiB")];
    }),
  );
