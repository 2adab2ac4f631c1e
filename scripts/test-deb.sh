#!/usr/bin/env bash
# Tests the .deb under real systemd: a fresh Debian root (debootstrap minbase + systemd, kept in a cache for
# the next run) booted with systemd-nspawn, the package installed with apt and driven with systemctl.
#   scripts/test-deb.sh [--binary FILE]     (default: publish the NativeAOT binary first; 10–20 min)
# Checks: install (files, user, conffile, enabled and started); Type=notify (active only once /ready answers);
# the sandbox in effect (capabilities, no_new_privs, seccomp, a read-only /usr); journald logging; the
# systemd-analyze security score; the watchdog (pings, and a SIGSTOPped daemon is restarted); lines and an
# incident (an OOM kill in kern.log) intact and counted once across `systemctl restart`, an upgrade to a
# newer version (the edited conffile kept) and a reboot of the machine (the journal read across it); remove
# (data kept), purge (data gone). About 4–5 minutes with a cached root, most of it the two package builds
# (the first debootstrap adds 2–5).
# Not part of ./scripts/test.sh (the publish alone would break its budget). Runs as root; the container has
# its own network namespace (loopback only) and is driven with nsenter (no systemd-machined is needed on
# the host: --register=no --keep-unit).
set -euo pipefail
# (Under pipefail, checks read a pipe to its end: grep without -q, so that no writer dies of SIGPIPE.)
cd "$(dirname "$0")/.."

binary=""
[ "${1:-}" = --binary ] && binary=$2
need=()
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v lintian >/dev/null 2>&1 || need+=(lintian)
command -v systemd-nspawn >/dev/null 2>&1 || need+=(systemd-container)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

work=$(mktemp -d /tmp/logwarden-deb-test.XXXXXX)
root="$work/root"
nspawn_pid=""
cleanup() {
  set +e
  stop_machine
  rm -rf "$work"
}
trap cleanup EXIT

started=$SECONDS
step() { printf '\n== %s (at %d s)\n' "$*" "$((SECONDS - started))"; }
fail() {
  echo "FAIL: $*" >&2
  [ -n "$nspawn_pid" ] && in_ct journalctl -u logwarden --no-pager -n 40 >&2
  exit 1
}
check() { if eval "$1"; then echo "ok: $2"; else fail "$2 ($1)"; fi; }
# Polls a condition for up to $2 seconds (default 60): the machine is shared, so deadlines are generous.
wait_for() {
  local deadline=$((SECONDS + ${2:-60}))
  until eval "$1"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
}
leader() { pgrep -P "$nspawn_pid" | head -n1; }
in_ct() { nsenter --target "$(leader)" --all env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
prop() { in_ct systemctl show --property="$1" --value logwarden.service; }
api() { in_ct curl -fsS --max-time 10 "http://127.0.0.1:9740$1"; }

boot_machine() {
  setsid systemd-nspawn --quiet --directory="$root" --machine=lwtest --register=no --keep-unit \
    --private-network --boot --console=passive >>"$work/console.log" 2>&1 &
  nspawn_pid=$!
  wait_for '[ -n "$(leader)" ] && [[ "$(in_ct systemctl is-system-running 2>/dev/null)" =~ ^(running|degraded)$ ]]' 120 \
    || { cat "$work/console.log"; fail "the container did not boot"; }
}
stop_machine() {
  [ -n "$nspawn_pid" ] || return 0
  in_ct systemctl poweroff >/dev/null 2>&1 || kill "$nspawn_pid"
  wait_for '! kill -0 "$nspawn_pid" 2>/dev/null' 60 || kill -KILL "$nspawn_pid"
  nspawn_pid=""
}

# Lines stored, asked of the running daemon: the search runs in the store, not in a log file.
stored() { in_ct logwarden search --server http://127.0.0.1:9740 --limit 20 "$1" 2>/dev/null | grep -c -- "$1" || true; }
# The OOM incident as the REST API shows it, minus what a read may move (the related lines, the timeline).
oom_incident() {
  local id
  id=$(api /api/v1/incidents | python3 -c 'import json,sys; print(next((str(i["id"]) for i in json.load(sys.stdin)["items"] if i["kind"] == "oom-kill"), ""))')
  [ -n "$id" ] || return 1
  api "/api/v1/incidents/$id?explain=false&related=false" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps({k: d[k] for k in ("incident", "entities", "evidence", "findings")}, sort_keys=True))'
}
kern_line() { printf '%s lwtest kernel: [%s] %s\n' "$(date '+%b %e %H:%M:%S')" "12345.678901" "$1"; }

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
dpkg-deb --root-owner-group -Znone --build "$work/v2" "$work/debs/logwarden_0.1.1_amd64.deb" >/dev/null
if grep -E '^(E|W): ' "$work/lintian.txt"; then fail "lintian has errors or warnings"; else echo "ok: lintian clean (errors and warnings)"; fi

step "a fresh Debian root with systemd (debootstrap minbase bookworm), booted with systemd-nspawn"
cache=/var/cache/logwarden-test/bookworm-systemd.tar
if [ ! -f "$cache" ]; then
  mkdir -p "$(dirname "$cache")" "$work/fresh"
  # The package's dependencies (adduser, libssl3) are in the root: the container has no network.
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,adduser,libssl3,curl,ca-certificates \
    bookworm "$work/fresh" http://deb.debian.org/debian >/dev/null
  tar -C "$work/fresh" -cf "$cache.part" . && mv "$cache.part" "$cache"
  rm -rf "$work/fresh"
fi
mkdir -p "$root"
tar -C "$root" -xf "$cache"
echo lwtest > "$root/etc/hostname"
# Debian's rsyslog layout, so that discovery finds kern.log: root:adm 0640.
install -m 0640 -g 4 /dev/null "$root/var/log/kern.log"
install -m 0640 -g 4 /dev/null "$root/var/log/app.log"
mkdir -p "$root/root/debs" && cp "$work"/debs/*.deb "$root/root/debs/"
boot_machine
echo "ok: booted: $(in_ct systemctl --version | head -n1), PID 1 is $(in_ct cat /proc/1/comm)"

step "install 0.1.0 with apt"
in_ct apt-get install -y -qq /root/debs/logwarden_0.1.0_amd64.deb >/dev/null
check '[ "$(in_ct dpkg-query -W -f="\${Status} \${Version}" logwarden)" = "install ok installed 0.1.0" ]' "dpkg has logwarden 0.1.0 installed"
check 'cmp -s "$root/lib/systemd/system/logwarden.service" dist/logwarden.service' "the unit in /lib/systemd/system"
check 'cmp -s "$root/etc/logwarden/logwarden.yaml" dist/logwarden.yaml' "the commented configuration"
check 'grep -qx /etc/logwarden/logwarden.yaml "$root/var/lib/dpkg/info/logwarden.conffiles"' "logwarden.yaml is a conffile"
check '[ -d "$root/etc/logwarden/rules.d" ] && ls "$root"/usr/share/logwarden/rules/*.yaml >/dev/null' "rules.d and the built-in rule packs"
check 'in_ct getent passwd logwarden | grep ":/var/lib/logwarden:/usr/sbin/nologin$" >/dev/null' "system user logwarden"
check 'in_ct id -nG logwarden | grep -w adm >/dev/null && in_ct id -nG logwarden | grep -w systemd-journal >/dev/null' "logwarden is in adm and systemd-journal"
check '[ "$(in_ct stat -c "%U:%G %a" /var/lib/logwarden)" = "logwarden:logwarden 750" ]' "/var/lib/logwarden logwarden:logwarden 750"
check 'in_ct logwarden --version | grep "^0.1.0" >/dev/null' "logwarden --version runs in the fresh root"
check '[ "$(in_ct systemctl is-enabled logwarden)" = enabled ]' "the service is enabled"
check 'wait_for "[ \"\$(prop ActiveState)\" = active ]" 60' "postinst started the service"

step "Type=notify: active only once ready"
in_ct systemctl restart logwarden   # blocks until READY=1 (or fails on TimeoutStartSec)
check 'api /ready | grep ready >/dev/null' "/ready answers as soon as systemctl restart returns (no retry)"
start_ms=$(( ($(prop ActiveEnterTimestampMonotonic) - $(prop ExecMainStartTimestampMonotonic)) / 1000 ))
echo "ok: exec to READY=1: $start_ms ms"
check '[ "$(prop Type)" = notify ] && [ "$(prop NotifyAccess)" = main ]' "Type=notify, NotifyAccess=main"
check 'in_ct journalctl -u logwarden -o cat --no-pager | grep "Now listening on: http://127.0.0.1:9740" >/dev/null' "journald has the daemon's own lines"
check 'in_ct journalctl -u logwarden -o json --no-pager | python3 -c "import json,sys; e=[json.loads(l) for l in sys.stdin]; sys.exit(not any(x.get(\"SYSLOG_IDENTIFIER\")==\"logwarden\" and x.get(\"PRIORITY\")==\"6\" and x.get(\"_UID\")!=\"0\" for x in e))"' \
  "journald: identifier logwarden, priority from the log level, not root"

step "the sandbox in effect"
pid=$(prop MainPID)
status=$(in_ct cat "/proc/$pid/status")
check 'grep -q "^CapBnd:[[:space:]]*0000000000001000$" <<<"$status"' "capability bounding set: CAP_NET_ADMIN only"
check 'grep -q "^CapAmb:[[:space:]]*0000000000001000$" <<<"$status"' "ambient: CAP_NET_ADMIN (the responder's bans)"
check 'grep -q "^NoNewPrivs:[[:space:]]*1$" <<<"$status"' "NoNewPrivileges"
check 'grep -q "^Seccomp:[[:space:]]*2$" <<<"$status"' "a seccomp filter (SystemCallFilter)"
check '[ "$(in_ct stat -c %U "/proc/$pid")" = logwarden ]' "runs as logwarden"
uid=$(in_ct id -u logwarden); gid=$(in_ct id -g logwarden)
check 'in_ct nsenter -t "$pid" -m -S "$uid" -G "$gid" sh -c "touch /usr/lib/logwarden/probe 2>&1 || true" | grep "Read-only file system" >/dev/null' \
  "ProtectSystem=strict: a write to /usr fails in the service's mount namespace"
check 'in_ct nsenter -t "$pid" -m -S "$uid" -G "$gid" sh -c "touch /var/lib/logwarden/probe && rm /var/lib/logwarden/probe"' "the state directory is writable"
check '[ -z "$(in_ct nsenter -t "$pid" -m ls -A /root)" ] && [ -n "$(in_ct ls -A /root)" ]' "ProtectHome: /root (which holds the test's packages) is empty to it"
in_ct env SYSTEMD_COLORS=0 systemd-analyze security logwarden --no-pager > "$work/security.txt" || true
score=$(sed -n 's/^→ Overall exposure level for logwarden.service: \([0-9.]*\).*/\1/p' "$work/security.txt")
check 'python3 -c "import sys; sys.exit(not float(\"$score\") <= 2.5)"' "systemd-analyze security: exposure $score (≤ 2.5)"

step "the watchdog (WatchdogSec=4s for the test: a drop-in in /run)"
check '[ "$(prop WatchdogUSec)" = 1min ]' "WatchdogSec=60s in the unit"
in_ct sh -c 'mkdir -p /run/systemd/system/logwarden.service.d && printf "[Service]\nWatchdogSec=4s\n" > /run/systemd/system/logwarden.service.d/watchdog.conf'
in_ct systemctl daemon-reload
in_ct systemctl restart logwarden
ping1=$(prop WatchdogTimestampMonotonic)
check 'wait_for "[ \$(prop WatchdogTimestampMonotonic) -gt $ping1 ]" 20' "the daemon pings (WATCHDOG=1 every 2 s)"
pid=$(prop MainPID)
restarts=$(prop NRestarts)
in_ct sh -c 'kill -STOP "$1"' sh "$pid"   # the shell's kill: minbase has no procps
check 'wait_for "[ \$(prop NRestarts) -gt $restarts ] && [ \"\$(prop ActiveState)\" = active ] && [ \$(prop MainPID) != $pid ]" 60' \
  "a hung (SIGSTOPped) daemon is killed by the watchdog and restarted"
check 'in_ct journalctl -u logwarden --no-pager | grep "Watchdog timeout" >/dev/null' "journald: systemd's watchdog timeout"
in_ct rm -r /run/systemd/system/logwarden.service.d
in_ct systemctl daemon-reload
in_ct systemctl restart logwarden

step "lines and an incident, then a restart of the service"
# The administrator's edit: one more file to follow (discovery keeps kern.log and the journal).
in_ct sed -i 's|^  files: \[\]|  files: [{paths: [/var/log/app.log]}]   # edited by the administrator|' /etc/logwarden/logwarden.yaml
in_ct logwarden config check --config /etc/logwarden/logwarden.yaml >/dev/null
in_ct systemctl restart logwarden
echo "first line before the upgrade" >> "$root/var/log/app.log"
kern_line "Out of memory: Killed process 4242 (java) total-vm:4194304kB, anon-rss:3145728kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:6500kB oom_score_adj:0" >> "$root/var/log/kern.log"
in_ct sh -c 'echo "journal line before the restart" | systemd-cat -t lwtest-probe'
check 'wait_for "[ \$(stored \"first line before the upgrade\") -ge 1 ]"' "the line of a root:adm 0640 file is stored"
check 'wait_for "[ \$(stored \"journal line before the restart\") -ge 1 ]"' "the journal is followed under the unit's sandbox"
check 'wait_for "oom_incident > \"$work/incident.before\""' "the OOM kill raised an incident"
echo "   $(python3 -c 'import json,sys; i=json.load(sys.stdin)["incident"]; print("incident", i["id"], i["kind"], repr(i["title"]))' < "$work/incident.before")"
pid=$(prop MainPID)
in_ct systemctl restart logwarden
check '[ "$(prop MainPID)" != "$pid" ] && [ "$(prop ActiveState)" = active ]' "restarted (a new main process)"
check 'wait_for "oom_incident > \"$work/incident.after\" && cmp -s \"$work/incident.before\" \"$work/incident.after\"" 30' \
  "the incident is still there: same id, same evidence and findings"
check '[ "$(stored "first line before the upgrade")" = 1 ] && [ "$(stored "journal line before the restart")" = 1 ]' "each line stored once"

step "upgrade to 0.1.1"
pid=$(prop MainPID)
in_ct apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold /root/debs/logwarden_0.1.1_amd64.deb >/dev/null
check '[ "$(in_ct dpkg-query -W -f="\${Version}" logwarden)" = 0.1.1 ]' "dpkg has 0.1.1"
check 'grep -q "edited by the administrator" "$root/etc/logwarden/logwarden.yaml"' "the edited conffile is kept"
check 'grep -q "a new default in 0.1.1" "$root/etc/logwarden/logwarden.yaml.dpkg-dist"' "the new default is beside it as .dpkg-dist"
check 'wait_for "[ \"\$(prop ActiveState)\" = active ] && [ \$(prop MainPID) != $pid ]" 60' "postinst restarted the service"
# Both packages hold the same binary (only the package version differs): the running process must be the
# file 0.1.1 installed, not the replaced one (which /proc shows as "… (deleted)").
check '[ "$(in_ct readlink "/proc/$(prop MainPID)/exe")" = /usr/lib/logwarden/logwarden ]' "the daemon runs the binary 0.1.1 installed"
echo "second line after the upgrade" >> "$root/var/log/app.log"
check 'wait_for "[ \$(stored \"second line after the upgrade\") -ge 1 ]"' "a new line after the upgrade is stored"
check 'oom_incident > "$work/incident.upgraded" && cmp -s "$work/incident.before" "$work/incident.upgraded"' "the incident survived the upgrade unchanged"
check '[ "$(stored "before the upgrade")" = 1 ] && [ "$(stored "after the upgrade")" = 1 ]' "resumed at its checkpoint: each line stored once"

step "a reboot of the machine, with a journal line written while the daemon was stopped"
in_ct systemctl stop logwarden
in_ct sh -c 'echo "journal line while the daemon was down" | systemd-cat -t lwtest-probe'
stop_machine
boot_machine
check '[ "$(prop ActiveState)" = active ]' "started at boot (enabled in multi-user.target)"
check 'wait_for "[ \$(stored \"journal line while the daemon was down\") -ge 1 ]"' "the earlier boot's journal line after the checkpoint is read"
check '[ "$(stored "journal line while the daemon was down")" = 1 ] && [ "$(stored "journal line before the restart")" = 1 ]' "journal lines stored once across the reboot"
check '[ "$(stored "before the upgrade")" = 1 ] && [ "$(stored "after the upgrade")" = 1 ]' "file lines stored once across the reboot"
check 'oom_incident > "$work/incident.rebooted" && cmp -s "$work/incident.before" "$work/incident.rebooted"' "the incident survived the reboot unchanged"

step "remove, then purge"
in_ct apt-get remove -y -qq logwarden >/dev/null
check '[ ! -e "$root/usr/bin/logwarden" ]' "remove deletes the binary"
check '! in_ct systemctl is-active --quiet logwarden' "remove stopped the service"
check '[ -f "$root/var/lib/logwarden/logwarden.db" ] && [ -f "$root/etc/logwarden/logwarden.yaml" ]' "remove keeps the store and the configuration"
in_ct apt-get purge -y -qq logwarden >/dev/null
check '[ ! -e "$root/var/lib/logwarden" ] && [ ! -e "$root/etc/logwarden" ]' "purge deletes the store and the configuration"
check '[ -z "$(in_ct dpkg-query -W -f="\${Status}" logwarden 2>/dev/null | grep -w installed)" ]' "dpkg no longer has it"
check '[ "$(in_ct systemctl show -p LoadState --value logwarden)" = not-found ] || [ "$(in_ct systemctl show -p LoadState --value logwarden)" = masked ]' "systemd no longer has the unit"

echo
echo "the .deb passed every check under $(in_ct systemctl --version | head -n1) in $((SECONDS - started)) s"
