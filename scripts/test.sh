#!/usr/bin/env bash
# The README's test command (npm test): sets the machine up, builds, type-checks, lints, then runs the
# unit, integration and e2e layers. Fails on the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node scripts/build.mjs
npx tsc -b
npx eslint .
node scripts/run-tests.mjs unit
node scripts/run-tests.mjs integration
if [ -d test/e2e ] && ls test/e2e/*.test.ts >/dev/null 2>&1; then
  node scripts/run-tests.mjs e2e
fi
