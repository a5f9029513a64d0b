#!/bin/sh
# Turns the build VM into a template that boots like new: no apt cache, no cloud-init state (so
# cloud-init runs again in every clone), an empty machine-id (systemd makes a new one, so DHCP and
# journald see distinct machines), no SSH host keys, and no key of the build user.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get -y autoremove --purge
apt-get clean
rm -rf /var/lib/apt/lists/*
cloud-init clean --logs --seed
truncate -s 0 /etc/machine-id
rm -f /var/lib/dbus/machine-id
ln -s /etc/machine-id /var/lib/dbus/machine-id
rm -f /etc/ssh/ssh_host_*
rm -f "/home/${BUILD_USER}/.ssh/authorized_keys"
sync
