#!/usr/bin/env bash
# Runs a Node.js adapter of the framework matrix in the foreground: installs its pinned packages first (npm ci, from its
# package-lock.json) when they are missing or older than the lock file.
# Usage, from an adapter's start.sh: run-adapter.sh ADAPTER_DIR PORT
set -euo pipefail
dir=$(cd "$1" && pwd)
name=$(basename "$dir")
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "$name: needs Node.js 20 or newer and npm (Debian: apt-get install -y nodejs npm)" >&2
  exit 1
fi
if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
  echo "installing $name's packages…" >&2
  (cd "$dir" && npm ci --no-audit --no-fund >&2)
fi
exec node "$dir/server.js" "$2"
