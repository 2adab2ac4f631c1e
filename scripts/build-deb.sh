#!/usr/bin/env bash
# Builds logwarden_VERSION_ARCH.deb with dpkg-deb (no debhelper needed).
#   scripts/build-deb.sh [--binary FILE] [--version VERSION] [--arch amd64|arm64] [--out DIR]
# Without --binary it publishes the NativeAOT binary first (scripts/publish.sh). The version defaults to
# the binary's own (`logwarden --version`, without the commit suffix).
# Installs: /usr/lib/logwarden/logwarden with SQLite's libe_sqlite3.so beside it (SQLitePCLRaw ships SQLite
# for Linux only as a shared library, loaded from the binary's directory), /usr/bin/logwarden (a symlink),
# /lib/systemd/system/logwarden.service, /etc/logwarden/logwarden.yaml
# (a conffile: an edited one survives upgrades), /etc/logwarden/rules.d/, the built-in rule packs under
# /usr/share/logwarden/rules (for reading and copying: the binary carries them), docs, a man page.
set -euo pipefail
cd "$(dirname "$0")/.."

binary="" version="" arch="" out="artifacts/deb"
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --arch) arch=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 [--binary FILE] [--version VERSION] [--arch amd64|arm64] [--out DIR]" >&2; exit 2 ;;
  esac
done
arch=${arch:-$(dpkg --print-architecture)}
case "$arch" in
  amd64) rid=linux-x64 triplet=x86_64-linux-gnu ;;
  arm64) rid=linux-arm64 triplet=aarch64-linux-gnu ;;
  *) echo "unsupported architecture: $arch" >&2; exit 2 ;;
esac
if [ -z "$binary" ]; then
  scripts/publish.sh "$rid" "artifacts/publish/$rid"
  binary="artifacts/publish/$rid/logwarden"
fi
[ -x "$binary" ] || { echo "not an executable: $binary" >&2; exit 1; }
# The binary answers --version and --help for the package; another architecture's runs under qemu-user-static.
run_binary() {
  if [ "$arch" = "$(dpkg --print-architecture)" ]; then
    "$binary" "$@"
  else
    command -v "qemu-${triplet%%-*}-static" >/dev/null 2>&1 \
      || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user-static
    "qemu-${triplet%%-*}-static" "$binary" "$@"
  fi
}
if [ -z "$version" ]; then
  version=$(run_binary --version | head -n1 | sed 's/+.*//')
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/logwarden"
doc="$root/usr/share/doc/logwarden"

install -D -m 0755 "$binary" "$root/usr/lib/logwarden/logwarden"
install -m 0644 "$(dirname "$binary")/libe_sqlite3.so" "$root/usr/lib/logwarden/libe_sqlite3.so"
# The target's strip: the host's cannot read another architecture's ELF (arm64 built on amd64).
if ! command -v "$triplet-strip" >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "binutils-${triplet//_/-}"
fi
"$triplet-strip" --strip-unneeded "$root/usr/lib/logwarden/libe_sqlite3.so"
install -d -m 0755 "$root/usr/bin"
ln -s ../lib/logwarden/logwarden "$root/usr/bin/logwarden"
install -D -m 0644 dist/logwarden.service "$root/lib/systemd/system/logwarden.service"
install -D -m 0644 dist/logwarden.yaml "$root/etc/logwarden/logwarden.yaml"
install -d -m 0755 "$root/etc/logwarden/rules.d"
install -d -m 0755 "$root/usr/share/logwarden/rules"
install -m 0644 src/LogWarden/Detect/Rules/Packs/*.yaml "$root/usr/share/logwarden/rules/"
install -D -m 0644 dist/debian/copyright "$doc/copyright"
install -m 0644 README.md "$doc/README.md"
gzip -9n "$doc/README.md"

# The changelog: the project's entries, and one for this build when its version is not the latest entry's.
top=$(sed -n '1s/^logwarden (\([^)]*\)).*/\1/p' dist/debian/changelog)
{
  if [ "$version" != "$top" ]; then
    printf 'logwarden (%s) unstable; urgency=medium\n\n  * Build of %s.\n\n -- LogWarden maintainers <logwarden@example.org>  %s\n\n' \
      "$version" "$(git describe --always --dirty 2>/dev/null || echo 'an unversioned tree')" "$(date -R -u)"
  fi
  cat dist/debian/changelog
} | gzip -9n > "$doc/changelog.gz"   # a native package: changelog.gz, not changelog.Debian.gz
chmod 0644 "$doc/changelog.gz"

# A man page from --help: what each command does, and where the long documentation is.
install -d -m 0755 "$root/usr/share/man/man1"
{
  printf '.TH LOGWARDEN 1 "%s" "logwarden %s" "User Commands"\n' "$(date -u +%Y-%m-%d)" "$version"
  printf '.SH NAME\nlogwarden \\- watches a server'"'"'s logs and says when something is not normal\n'
  printf '.SH SYNOPSIS\n.B logwarden\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.SH DESCRIPTION\n.nf\n'
  run_binary --help | sed 's/\\/\\\\/g; s/^\./\\\&./'
  printf '.fi\n.SH FILES\n/etc/logwarden/logwarden.yaml, /etc/logwarden/rules.d/, /var/lib/logwarden/\n'
  printf '.SH SEE ALSO\n/usr/share/doc/logwarden/README.md.gz; \\fBlogwarden COMMAND \\-\\-help\\fR\n'
} | gzip -9n > "$root/usr/share/man/man1/logwarden.1.gz"
chmod 0644 "$root/usr/share/man/man1/logwarden.1.gz"

# .NET's NativeAOT links zlib (zlib-ng, for System.IO.Compression) into every binary; there is no shared build.
install -d -m 0755 "$root/usr/share/lintian/overrides"
printf 'logwarden: embedded-library zlib [usr/lib/logwarden/logwarden]\n' > "$root/usr/share/lintian/overrides/logwarden"
chmod 0644 "$root/usr/share/lintian/overrides/logwarden"

install -d -m 0755 "$root/DEBIAN"
for script in postinst prerm postrm; do
  install -m 0755 "dist/debian/$script" "$root/DEBIAN/$script"
done
echo /etc/logwarden/logwarden.yaml > "$root/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: logwarden
Version: $version
Architecture: $arch
Maintainer: LogWarden maintainers <logwarden@example.org>
Installed-Size: $size
Depends: adduser, libc6 (>= 2.34), libssl3 | libssl3t64
Suggests: nftables
Section: admin
Priority: optional
Description: log anomaly detection daemon for a single server
 LogWarden follows every log of a server (files, the journal, Docker
 containers, syslog, Loki pushes), learns what normal looks like, and tells
 the owner within seconds when something is not normal, why, and what to do.
 .
 One self-contained binary (no .NET runtime needed), a hardened systemd
 service running as the user logwarden, an embedded store under
 /var/lib/logwarden, and a dashboard on http://127.0.0.1:9740.
EOF
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/logwarden_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb"
if command -v lintian >/dev/null 2>&1; then
  lintian --info "$deb" || true
fi
echo "$deb"
