#!/usr/bin/env bash
# The main job (npm run main): sets the machine up, builds the bundles, checks the host with
# `ringscope doctor`, then builds and lints the sample program. Later features append their steps
# (load, stream, open the editor) below, using $SAMPLE and $OBJECT. Fails on the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
node scripts/build.mjs

echo "== ringscope doctor"
node dist/cli.js doctor

# The sample: the reserve-submit template as shipped, or the test sample when templates are absent.
SAMPLE=bpf-templates/reserve-submit/execsnoop.bpf.c
[ -f "$SAMPLE" ] || SAMPLE=test/fixtures/build/minimal.bpf.c
mkdir -p .cache/main
OBJECT=".cache/main/$(basename "${SAMPLE%.c}").o"

echo "== ringscope build $SAMPLE"
node dist/cli.js build "$SAMPLE" -o "$OBJECT"

echo "== ringscope lint $SAMPLE"
node dist/cli.js lint "$SAMPLE"

# Load, attach and stream (issue 4): the sample reports every exec on the host, so a few execs of
# /bin/true in the background make sure records arrive; the run stops after 5 of them.
if [ "$SAMPLE" = bpf-templates/reserve-submit/execsnoop.bpf.c ]; then
  echo "== ringscope run $SAMPLE --max-records 5"
  ( for _ in $(seq 1 100); do /bin/true; sleep 0.2; done ) &
  EXECS=$!
  node dist/cli.js run "$SAMPLE" --max-records 5 --duration 30 --format table
  kill "$EXECS" 2>/dev/null || true
fi

# The editor (issue 6): a real VS Code (code-server on 127.0.0.1) with the extension installed and a sample
# workspace scaffolded from the reserve-submit template; prints the URL and stays up until interrupted.
# RINGSCOPE_MAIN_EDITOR=0 skips it (e.g. in CI).
if [ "${RINGSCOPE_MAIN_EDITOR:-1}" != "0" ]; then
  echo "== VS Code (code-server) with Ringscope"
  node scripts/editor.mjs
fi
