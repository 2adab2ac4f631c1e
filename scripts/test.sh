#!/usr/bin/env bash
# Runs LogWarden's whole test suite on a Debian machine with the .NET SDK.
# Installs with apt-get whatever the tests need and the machine lacks, then runs `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use (real tools, not mocks):
#   python3  — ../shared/tools/score_parsing.py and score_events.py, the reference scorers our accuracy figures are checked against
#   gzip     — compressed rotated logs
#   systemd-journal-remote — writes the journal files the journal source tests read with journalctl (from systemd)
#   logger   — util-linux's syslog client (bsdutils), the real sender of the syslog receiver tests
#   node/npm — run the real Loki clients (winston-loki, pino-loki) against the push endpoint
#   zstd     — the store's size is checked against `zstd -3` of the same text
#   python3-aiosmtpd, prometheus-alertmanager — the real SMTP server and Alertmanager the alert notifiers talk to
#   prometheus — scrapes the daemon's /metrics in the metrics test; wrk — the API latency benchmark (bench/web-api.sh)
#   nftables, iproute2 — the responder's bans, tested with real nft inside network namespaces (`ip netns`)
#   iptables, ipset — the responder's fallback when nft is absent, tested the same way
#   postgresql — the central store's tests and the daemon tests on it run against a throwaway cluster (initdb, pg_ctl)
#   chromium — the headless browser the dashboard tests drive (Playwright with /usr/bin/chromium; no browser download)
need=()
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v gzip >/dev/null 2>&1 || need+=(gzip)
[ -x /lib/systemd/systemd-journal-remote ] && command -v journalctl >/dev/null 2>&1 || need+=(systemd-journal-remote)
command -v logger >/dev/null 2>&1 || need+=(bsdutils)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v zstd >/dev/null 2>&1 || need+=(zstd)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need+=(python3-aiosmtpd)
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
[ -x /usr/sbin/nft ] || need+=(nftables)
[ -x /usr/sbin/ip ] || [ -x /usr/bin/ip ] || need+=(iproute2)
[ -x /usr/sbin/iptables ] || need+=(iptables)
[ -x /usr/sbin/ipset ] || need+=(ipset)
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# npm packages the tests use, exactly as locked (registry packages only).
(cd tests/LogWarden.Tests/Collect/LokiPush/npm && npm ci --no-audit --no-fund --loglevel=error)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore LogWarden.slnx
dotnet build LogWarden.slnx -c Release --no-restore
log=$(mktemp)
set +e
# A test that hangs is killed after 10 min and reported by name, instead of hanging the run until CI gives up.
dotnet test LogWarden.slnx -c Release --no-build --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One plain closing line for CI: "N passed, N failed".
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
