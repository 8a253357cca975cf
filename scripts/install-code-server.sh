#!/usr/bin/env bash
# Installs code-server (a real VS Code in the browser) into a cache folder on demand, as
# @vscode/test-electron does with .vscode-test/. Prints the path of the code-server binary.
# Works offline from its own CDN: ripgrep is pre-seeded from Debian's /usr/bin/rg.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${CODE_SERVER_VERSION:-4.100.3}"   # the newest line whose engines accept Node 20
DEST="${RINGSCOPE_CACHE:-$PWD/.cache}/code-server-$VERSION"
BIN="$DEST/node_modules/code-server/out/node/entry.js"
if [ -f "$BIN" ] && [ -f "$DEST/.complete" ]; then echo "$BIN"; exit 0; fi
command -v rg >/dev/null || { echo "install-code-server: ripgrep (rg) is required: apt-get install ripgrep" >&2; exit 1; }
tmp="$(node -p "require('os').tmpdir()")"
seed="$tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$seed"
tarball="$seed/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$tarball" ]; then
  work="$(mktemp -d)"; cp "$(command -v rg)" "$work/rg"; tar -C "$work" -czf "$tarball" rg; rm -rf "$work"
fi
mkdir -p "$DEST"
cd "$DEST"
[ -f package.json ] || echo '{"name":"code-server-cache","private":true}' > package.json
npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" >&2
touch "$DEST/.complete"
echo "$BIN"
