import type { Persona, PersonaCatalog } from "../environment/persona";
import { BASE_SERVICES } from "./services";
import { STOCK_PERSONAS } from "./stock-personas";

/**
 * Builds a catalog from personas, with the stock base services (SSH, node exporter) on every
 * machine; a later persona with the same name replaces an earlier one, so
 * `personaCatalog(...STOCK_PERSONAS, myDockerHost)` swaps in a custom `docker-host`.
 */
export function personaCatalog(...personas: readonly Persona[]): PersonaCatalog {
  return { personas: new Map(personas.map((persona) => [persona.name, persona])), baseServices: BASE_SERVICES };
}

/** The stock personas: networking, certificate-authority, time-server, monitoring, docker-host, tools-host (an LXC container). */
export const stockPersonaCatalog: PersonaCatalog = personaCatalog(...STOCK_PERSONAS);
