#!/bin/sh
# Runs after the build, on the machine that runs Packer (a shell-local post-processor; the rehearsal's
# Packer stand-in runs it too). The golden template is a clone of the base VM and kept its
# `cicustom: vendor=local:snippets/base-<env>-<template>-vendor-data.yaml`: a snippet on the build
# node's file datastore only, which Proxmox reads at every start of every clone, so a clone on
# another node would not start, and a rebuild of the images stack would break every clone. The
# snippet did its work (the guest agent is in the image now): delete `cicustom` from the template,
# through the API. The token comes from PROXMOX_USERNAME / PROXMOX_TOKEN, as the Proxmox plugin
# reads it, and goes to curl on stdin, never on a command line.
set -eu
: "${PROXMOX_URL:?the Proxmox API URL (.../api2/json)}"
: "${TEMPLATE_NODE:?the node of the template}"
: "${TEMPLATE_VMID:?the VMID of the template}"
: "${PROXMOX_USERNAME:?user@realm!token-id}"
: "${PROXMOX_TOKEN:?the token secret}"
insecure=""
if [ "${PROXMOX_INSECURE:-false}" = "true" ]; then insecure="--insecure"; fi
printf 'Authorization: PVEAPIToken=%s=%s\n' "$PROXMOX_USERNAME" "$PROXMOX_TOKEN" |
  curl --fail-with-body --silent --show-error --max-time 60 $insecure --header @- \
    --request PUT --data-urlencode delete=cicustom \
    "${PROXMOX_URL%/}/nodes/${TEMPLATE_NODE}/qemu/${TEMPLATE_VMID}/config" >/dev/null
echo "template ${TEMPLATE_VMID} on ${TEMPLATE_NODE}: cicustom deleted (clones carry no node-local snippet)"
