#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine, builds, and runs
# the whole suite. This is the README's test command, and .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The real Channel Access peer (pyepics 3.4.1 on EPICS libca 7.0.3) and scipy, the
# ground truth for the LUT's interpolation. Both run under Debian's /usr/bin/python3.
# Chromium: the headless browser of the web screen tests (driven by playwright-core).
if ! /usr/bin/python3 -c 'import epics, scipy' 2>/dev/null || ! [ -x /usr/bin/chromium ]; then
  echo "== installing Debian test peers (python3-pyepics, python3-scipy, chromium)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pyepics python3-scipy chromium >/dev/null
fi
/usr/bin/python3 -c 'import epics, scipy; print("peers: pyepics", epics.__version__, "scipy", scipy.__version__)'

# The container engine for the testcontainers suites (test/containers-*.test.ts): a Docker engine
# if one answers, else Debian's podman + runc serving the Docker API, which
# scripts/container-engine.sh installs, configures and starts (a second run finds it running).
# Nothing is pulled: the images are built locally FROM scratch, and Ryuk (the reaper image) is off.
echo "== container engine"
if engine_env=$(bash scripts/container-engine.sh); then
  for assignment in $engine_env; do export "$assignment"; done
  echo "engine: DOCKER_HOST=$DOCKER_HOST"
else
  echo "!! no container engine (see above): the container suites will fail, saying what is missing"
fi
export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "== build"
npm run build --silent
echo "== type-check the tests"
npx tsc -p tsconfig.test.json
echo "== test"
npx vitest run
