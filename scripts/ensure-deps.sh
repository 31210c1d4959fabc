#!/bin/sh
# Installs what `npm start` (and, with --test, `npm test`) needs and does not find:
# npm packages from the lock file, redis-server (and chromium and the PostgreSQL server for the tests) from apt.
set -e
cd "$(dirname "$0")/.."
for_tests=0
[ "${1:-}" = "--test" ] && for_tests=1

# npm packages: reinstall whenever package-lock.json changed since the last install.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.lock-hash ] || [ "$(cat node_modules/.lock-hash)" != "$lock_hash" ]; then
  echo "Installing npm packages (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.lock-hash
fi

missing=""
# A configured REDIS_URL (environment or .env) means no local redis-server is needed to start.
redis_url="${REDIS_URL:-}"
if [ -z "$redis_url" ] && [ -f .env ]; then
  redis_url=$(sed -n 's/^[[:space:]]*REDIS_URL[[:space:]]*=[[:space:]]*//p' .env | tail -n 1 | tr -d "\"'")
fi
if ! command -v redis-server >/dev/null 2>&1 && { [ -z "$redis_url" ] || [ "$for_tests" = 1 ]; }; then
  missing="$missing redis-server"
fi
if [ "$for_tests" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  missing="$missing chromium"
fi
# The tests start throwaway PostgreSQL clusters from Debian's server binaries (/usr/lib/postgresql/<major>/bin).
if [ "$for_tests" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing="$missing postgresql"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "Missing system packages:$missing. Install them with: sudo apt-get install -y$missing" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages:$missing. Install them with your package manager, then run this again." >&2
  exit 1
fi
echo "Installing system packages:$missing (apt-get)..." >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
