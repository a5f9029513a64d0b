# The host image: Debian bookworm with systemd from Debian's archive (debootstrap + docker import),
# built once per key of its inputs; the root file system tarball is cached, so a new Docker data
# directory re-imports it without debootstrap.
# shellcheck source=common.sh

# ensure_host_image: prints the image name.
ensure_host_image() {
  local key image tarball rootfs
  key=$(key_of "$CONVERGE_SUITE" "$CONVERGE_MIRROR" "$CONVERGE_PACKAGES" "host-image-v1")
  image="homelab-converge/bookworm:$key"
  if docker image inspect "$image" >/dev/null 2>&1; then echo "$image"; return; fi
  tarball="$CONVERGE_CACHE/images/bookworm-$key.tar"
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || die "debootstrap not found (apt-get install -y debootstrap)"
    log "debootstrap $CONVERGE_SUITE (once per key $key)"
    mkdir -p "$(dirname "$tarball")"
    rootfs=$(mktemp -d)
    debootstrap --variant=minbase --include="$CONVERGE_PACKAGES" "$CONVERGE_SUITE" "$rootfs" "$CONVERGE_MIRROR" >"$rootfs.log" 2>&1 \
      || { tail -20 "$rootfs.log" >&2; rm -rf "$rootfs" "$rootfs.log"; die "debootstrap failed"; }
    # what Docker provides at run time, and what a cloud image does not ship
    rm -f "$rootfs/etc/machine-id" "$rootfs/var/lib/dbus/machine-id" "$rootfs"/etc/ssh/ssh_host_*
    : >"$rootfs/etc/machine-id"
    # the units that make no sense in a container
    for unit in systemd-remount-fs.service getty@tty1.service console-getty.service; do
      ln -sf /dev/null "$rootfs/etc/systemd/system/$unit"
    done
    tar -C "$rootfs" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
    rm -rf "$rootfs" "$rootfs.log"
  fi
  docker import -c 'CMD ["/sbin/init"]' "$tarball" "$image" >/dev/null || die "docker import of $tarball failed"
  echo "$image"
}

# ensure_backend_image <host image> <name>: a test web backend built from the host image (no registry),
# python3's http.server answering with a fixed page on port 8080, tagged <name> (the name the
# environment's app gives it).
ensure_backend_image() {
  local base=$1 name=$2 image
  image="homelab-converge/echo:${base##*:}"
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    log "building the test backend image $image"
    docker build -q -t "$image" - >/dev/null 2>&1 <<DOCKERFILE || die "building $image failed"
FROM $base
RUN mkdir -p /srv/www && echo "converge echo backend" >/srv/www/index.html
EXPOSE 8080
CMD ["python3", "-m", "http.server", "8080", "--directory", "/srv/www"]
DOCKERFILE
  fi
  docker tag "$image" "$name"
}
