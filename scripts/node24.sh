#!/usr/bin/env bash
# Prints the path of a Node.js 24 binary, installing the registry's `node@24`
# package into a cache folder first if needed (never globally). Used by
# .ci/run (the end-to-end and terminal tests once more on Node 24) and by
# `npm run bench` (figures on both versions).
set -euo pipefail
cache="${ONBOARD_NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/aliyun-onboard/node24}"
bin="$cache/node_modules/node/bin/node"
if ! "$bin" --version 2>/dev/null | grep -q '^v24\.'; then
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error node@24 >&2
fi
"$bin" --version | grep -q '^v24\.' || { echo "node@24 did not install into $cache" >&2; exit 1; }
echo "$bin"
