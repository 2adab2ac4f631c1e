#!/usr/bin/env bash
# Tests the .deb in a fresh Debian root (debootstrap --variant=minbase, kept in a cache for the next run):
# install, files and user, the service started as its unit starts it, an upgrade to a newer version with
# the data and an edited conffile kept, a restart, remove (data kept) and purge (data gone).
#   scripts/test-deb.sh [--binary FILE]     (default: publish the NativeAOT binary first; minutes)
# Not part of ./scripts/test.sh: the publish and debootstrap take minutes. Runs as root (chroot, mounts).
# systemd cannot run in a chroot, so the service is started with the unit's own ExecStart command line,
# as the unit's user, and stopped with SIGTERM as systemd would.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

binary=""
[ "${1:-}" = --binary ] && binary=$2
need=()
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v lintian >/dev/null 2>&1 || need+=(lintian)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

work=$(mktemp -d /tmp/logwarden-deb-test.XXXXXX)
root="$work/root"
cleanup() {
  set +e
  [ -n "${daemon_pid:-}" ] && kill "$daemon_pid" 2>/dev/null
  for m in proc dev/pts dev; do mountpoint -q "$root/$m" && umount -l "$root/$m"; done
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
check() { if eval "$1"; then echo "ok: $2"; else fail "$2 ($1)"; fi; }
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

step "packages: 0.1.0 and 0.1.1 (whose default configuration differs)"
if [ -z "$binary" ]; then
  scripts/publish.sh linux-x64 artifacts/publish/linux-x64
  binary=artifacts/publish/linux-x64/logwarden
fi
scripts/build-deb.sh --binary "$binary" --version 0.1.0 --out "$work/debs" | tee "$work/lintian.txt"
scripts/build-deb.sh --binary "$binary" --version 0.1.1 --out "$work/debs" >/dev/null
# A newer upstream default: the upgrade must keep the administrator's edited file and put this one beside it.
dpkg-deb -R "$work/debs/logwarden_0.1.1_amd64.deb" "$work/v2"
echo "# a new default in 0.1.1" >> "$work/v2/etc/logwarden/logwarden.yaml"
(cd "$work/v2" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$work/v2/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zxz --build "$work/v2" "$work/debs/logwarden_0.1.1_amd64.deb" >/dev/null
if grep -E '^(E|W): ' "$work/lintian.txt"; then fail "lintian has errors or warnings"; else echo "ok: lintian clean (errors and warnings)"; fi

step "a fresh Debian root (debootstrap minbase bookworm)"
cache=/var/cache/logwarden-test/bookworm-minbase.tar
if [ ! -f "$cache" ]; then
  mkdir -p "$(dirname "$cache")" "$work/fresh"
  debootstrap --variant=minbase bookworm "$work/fresh" http://deb.debian.org/debian >/dev/null
  tar -C "$work/fresh" -cf "$cache" .
  rm -rf "$work/fresh"
fi
mkdir -p "$root"
tar -C "$root" -xf "$cache"
cp /etc/resolv.conf "$root/etc/resolv.conf"
[ -f /etc/apt/sources.list.d/debian.sources ] && cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" && rm -f "$root/etc/apt/sources.list"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp "$work"/debs/*.deb "$root/tmp/"
in_root apt-get update -qq

step "install 0.1.0"
in_root apt-get install -y -qq /tmp/logwarden_0.1.0_amd64.deb >/dev/null
check '[ "$(in_root dpkg-query -W -f="\${Status} \${Version}" logwarden)" = "install ok installed 0.1.0" ]' "dpkg has logwarden 0.1.0 installed"
check '[ -x "$root/usr/bin/logwarden" ]' "/usr/bin/logwarden"
check 'cmp -s "$root/lib/systemd/system/logwarden.service" dist/logwarden.service' "the unit in /lib/systemd/system"
check 'cmp -s "$root/etc/logwarden/logwarden.yaml" dist/logwarden.yaml' "the commented configuration"
check 'grep -qx /etc/logwarden/logwarden.yaml "$root/var/lib/dpkg/info/logwarden.conffiles"' "logwarden.yaml is a conffile"
check '[ -d "$root/etc/logwarden/rules.d" ] && ls "$root"/usr/share/logwarden/rules/*.yaml >/dev/null' "rules.d and the built-in rule packs"
check 'in_root getent passwd logwarden | grep -q ":/var/lib/logwarden:/usr/sbin/nologin$"' "system user logwarden"
check 'in_root id -nG logwarden | grep -qw adm' "logwarden is in adm"
check '[ "$(in_root stat -c "%U:%G %a" /var/lib/logwarden)" = "logwarden:logwarden 750" ]' "/var/lib/logwarden logwarden:logwarden 750"
check '[ -L "$root/etc/systemd/system/multi-user.target.wants/logwarden.service" ]' "the service enabled (deb-systemd-helper)"
check 'in_root logwarden --version | grep -q "^0.1.0"' "logwarden --version runs in the fresh root"

step "the service, started as its unit starts it"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The administrator's edits: another port (9740 may be taken here), one file to follow, no discovery.
sed -i "s/^listen: 127.0.0.1:9740$/listen: 127.0.0.1:$port   # edited by the administrator/" "$root/etc/logwarden/logwarden.yaml"
sed -i 's|^  discover: true|  discover: false|; s|^  files: \[\]|  files: [{paths: [/var/log/app.log]}]|' "$root/etc/logwarden/logwarden.yaml"
in_root logwarden config check --config /etc/logwarden/logwarden.yaml >/dev/null
echo "first line before the upgrade" > "$root/var/log/app.log"
chmod 0640 "$root/var/log/app.log"; chgrp 4 "$root/var/log/app.log"   # root:adm 0640, as Debian's logs
exec_start=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/logwarden.service")
start_daemon() {
  # Numeric ids: the names exist only inside the root.
  chroot --userspec="$(in_root id -u logwarden):$(in_root id -g logwarden)" --groups=4 "$root" env -i PATH=/usr/bin:/bin HOME=/var/lib/logwarden $exec_start >"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && return 0
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/daemon.log"; fail "the daemon exited"; }
    sleep 0.2
  done
  cat "$work/daemon.log"; fail "the daemon was not ready in 30 s"
}
stop_daemon() {
  kill -TERM "$daemon_pid"; wait "$daemon_pid" || true; daemon_pid=""
}
stored() { in_root logwarden search --data /var/lib/logwarden -l filename=app.log 2>/dev/null | grep -c "$1" || true; }
start_daemon
check 'curl -fsS "http://127.0.0.1:$port/ready" | grep -q ready' "the daemon answers /ready as user logwarden"
for _ in $(seq 1 50); do [ "$(stored 'before the upgrade')" -ge 1 ] && break; sleep 0.2; done
stop_daemon
check '[ "$(stored "before the upgrade")" = 1 ]' "the line was stored once (read as logwarden through group adm)"

step "upgrade to 0.1.1"
in_root apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold /tmp/logwarden_0.1.1_amd64.deb >/dev/null
check '[ "$(in_root dpkg-query -W -f="\${Version}" logwarden)" = 0.1.1 ]' "dpkg has 0.1.1"
check 'grep -q "edited by the administrator" "$root/etc/logwarden/logwarden.yaml"' "the edited conffile is kept"
check 'grep -q "a new default in 0.1.1" "$root/etc/logwarden/logwarden.yaml.dpkg-dist"' "the new default is beside it as .dpkg-dist"
check '[ "$(stored "before the upgrade")" = 1 ]' "the data directory is intact"

step "the service restarted after the upgrade"
echo "second line after the upgrade" >> "$root/var/log/app.log"
start_daemon
for _ in $(seq 1 50); do [ "$(stored 'after the upgrade')" -ge 1 ] && break; sleep 0.2; done
stop_daemon
check '[ "$(stored "before the upgrade")" = 1 ] && [ "$(stored "after the upgrade")" = 1 ]' "resumed at its checkpoint: each line stored once"

step "remove, then purge"
in_root apt-get remove -y -qq logwarden >/dev/null
check '[ ! -e "$root/usr/bin/logwarden" ]' "remove deletes the binary"
check '[ -f "$root/var/lib/logwarden/logwarden.db" ] && [ -f "$root/etc/logwarden/logwarden.yaml" ]' "remove keeps the store and the configuration"
in_root apt-get purge -y -qq logwarden >/dev/null
check '[ ! -e "$root/var/lib/logwarden" ] && [ ! -e "$root/etc/logwarden" ]' "purge deletes the store and the configuration"
check '! in_root dpkg-query -W logwarden >/dev/null 2>&1 || [ -z "$(in_root dpkg-query -W -f="\${Status}" logwarden | grep installed)" ]' "dpkg no longer has it"

echo
echo "the .deb passed every check"
