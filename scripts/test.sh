#!/bin/sh
# The whole suite: install what is missing, typecheck, lint, run every test file with node's test runner.
set -e
cd "$(dirname "$0")/.."
sh scripts/ensure-deps.sh --test
echo "Typechecking..." >&2
node_modules/.bin/tsc -p .
node_modules/.bin/tsc -p src/widget
echo "Linting and checking the format..." >&2
npm run -s lint
files=$(find test -name '*.test.ts' | sort)
exec node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-2}" --test-timeout=300000 $files
