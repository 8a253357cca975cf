#!/usr/bin/env bash
# Idempotent set-up of a Debian/Ubuntu machine for Ringscope: system packages, npm packages, and the
# bpffs/tracefs mounts. Safe to run again; does only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# command-or-file : debian package
need=(
  "clang:clang" "llc:llvm" "/usr/include/bpf/bpf_helpers.h:libbpf-dev" "bpftool:bpftool"
  "ip:iproute2" "sshd:openssh-server" "/usr/sbin/sshd:openssh-server" "ssh:openssh-client"
  "chromium:chromium" "rg:ripgrep" "setpriv:util-linux" "capsh:libcap2-bin"
  "/usr/include/krb5.h:libkrb5-dev" "/usr/include/X11/Xlib.h:libx11-dev"
  "/usr/include/X11/extensions/XKBfile.h:libxkbfile-dev" "/usr/include/libsecret-1/libsecret/secret.h:libsecret-1-dev"
  "pkg-config:pkg-config" "clang-19:clang-19" "sudo:sudo"
  "pkexec:pkexec" "/usr/lib/polkit-1/polkitd:polkitd" "dbus-daemon:dbus-daemon" "dbus-send:dbus-bin"
)
missing=()
for entry in "${need[@]}"; do
  what="${entry%%:*}"; pkg="${entry##*:}"
  if [[ "$what" == /* ]]; then [ -e "$what" ] && continue; else command -v "$what" >/dev/null 2>&1 && continue; fi
  [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm packages: install when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
# ffi-rs's binaries for the other Linux triples (npm installs only this machine's): the .vsix carries them all.
# Offline, say so and go on: only packaging needs them (npm run package fetches again, and fails without them).
node scripts/ffi-binaries.mjs || echo "setup: could not fetch ffi-rs's binaries for the other Linux CPUs; npm run package needs them" >&2

# Mounts the kernel needs for pinning and tracepoint attach.
if [ "$(id -u)" -eq 0 ]; then
  mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || echo "setup: could not mount bpffs" >&2
  if [ -d /sys/kernel/tracing ] && ! mountpoint -q /sys/kernel/tracing; then
    mount -t tracefs tracefs /sys/kernel/tracing || echo "setup: could not mount tracefs" >&2
  fi
  if [ -d /sys/kernel/debug ] && ! mountpoint -q /sys/kernel/debug; then
    mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
  fi
fi
echo "setup: ready"
