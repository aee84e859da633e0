#!/usr/bin/env bash
# scripts/pebble.sh up|down|status — start or stop Pebble + challtestsrv on loopback for trying the page by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/pebble.mjs "$@"
