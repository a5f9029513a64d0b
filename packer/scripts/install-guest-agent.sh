#!/bin/sh
# Minimal on purpose: the guest agent (for Proxmox shutdowns, fs-freeze backups, IP reporting) and
# the packages cloud-init needs to grow the disk; everything else is Ansible's job.
set -eu
export DEBIAN_FRONTEND=noninteractive
cloud-init status --wait >/dev/null || true
apt-get update
apt-get -y -o Dpkg::Options::=--force-confold dist-upgrade
apt-get install -y --no-install-recommends qemu-guest-agent cloud-init cloud-guest-utils
systemctl enable qemu-guest-agent
