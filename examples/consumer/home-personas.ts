// This repository's own personas, composed with the stock ones into the catalog its environments use.
import type { Persona, PersonaCatalog } from "homelab-cdktf";
import { dockerHostPersona, personaCatalog, STOCK_PERSONAS } from "homelab-cdktf";

/** A stock docker host, extended: bigger, with a disk for the media library and its own host vars. */
export const mediaServerPersona: Persona = {
  ...dockerHostPersona,
  name: "media-server",
  description: "Jellyfin and the *arr stack on a big media disk",
  size: "xlarge",
  dataDisks: [...(dockerHostPersona.dataDisks ?? []), { sizeGiB: 2048, purpose: "media-library", datastore: "tank" }],
  hostVars: { ...dockerHostPersona.hostVars, compose_profile: "media", transcoding: "vaapi" },
  tags: [...(dockerHostPersona.tags ?? []), "media"],
};

/** A persona written from scratch: Home Assistant keeps its configuration and history, so it is stateful. */
export const homeAssistantPersona: Persona = {
  name: "home-assistant",
  description: "Home Assistant home automation hub",
  template: "debian-12",
  size: "medium",
  dataDisks: [{ sizeGiB: 32, purpose: "hass-config" }],
  inventoryGroups: ["home_automation"],
  services: [
    { name: "home_assistant", description: "Home Assistant's web UI and API", ports: [{ port: 8123, protocol: "tcp" }] },
    { name: "mqtt", description: "Mosquitto, the MQTT broker its devices talk to", ports: [{ port: 1883, protocol: "tcp" }] },
  ],
  tags: ["apps", "iot"],
  dependsOn: ["networking", "time-server"],
  stateful: true,
};

/** The stock personas plus this repository's: what `machines[].persona` may name here. */
export const homePersonas: PersonaCatalog = personaCatalog(...STOCK_PERSONAS, mediaServerPersona, homeAssistantPersona);
