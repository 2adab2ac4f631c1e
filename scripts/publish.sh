#!/usr/bin/env bash
# Publishes LogWarden as one NativeAOT binary (no .NET runtime needed on the server).
#   scripts/publish.sh [linux-x64|linux-arm64] [OUTDIR]      default: this machine's, artifacts/publish/RID
# Then: OUTDIR/logwarden --version; sudo OUTDIR/logwarden install
# NativeAOT links with clang and zlib; cross-publishing to arm64 from x64 also needs the aarch64 binutils
# and an arm64 zlib (Debian multiarch). This script installs what is missing with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

case "$(uname -m)" in
  aarch64) host=linux-arm64 ;;
  *) host=linux-x64 ;;
esac
rid=${1:-$host}
out=${2:-artifacts/publish/$rid}

need=()
command -v clang >/dev/null 2>&1 || need+=(clang)
[ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
if [ "$rid" = linux-arm64 ] && [ "$host" != linux-arm64 ]; then
  command -v aarch64-linux-gnu-ld >/dev/null 2>&1 || need+=(binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu)
  [ -e /usr/lib/aarch64-linux-gnu/libz.a ] || need+=(zlib1g-dev:arm64)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  if [[ " ${need[*]} " == *":arm64"* ]]; then $sudo dpkg --add-architecture arm64; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The project turns PublishAot on for a publish with a runtime identifier (src/LogWarden/LogWarden.csproj).
dotnet publish src/LogWarden -c Release -r "$rid" -o "$out"
rm -f "$out"/*.dbg
# The binary and SQLite's shared library beside it (the only file it loads from its directory).
ls -l "$out/logwarden" "$out/libe_sqlite3.so"
