#!/usr/bin/env bash
# Debian's chromium for `pnpm test:browser` (playwright-core drives /usr/bin/chromium), installed
# when missing. Needs root.
set -euo pipefail
command -v chromium >/dev/null && exit 0
[ "$(id -u)" = 0 ] || { echo "install-chromium: chromium is missing and only root can install it" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; then
  apt-get update >/dev/null
  apt-get install -y --no-install-recommends chromium >/dev/null
fi
command -v chromium >/dev/null || { echo "install-chromium: chromium did not install" >&2; exit 1; }
