#!/usr/bin/env bash
# Makes sure a container engine that speaks the Docker API answers, for the testcontainers
# suites (test/containers-*.test.ts), and prints the environment to use it, one VAR=value a line
# on stdout (progress goes to stderr):
#
#   eval "$(bash scripts/container-engine.sh | sed 's/^/export /')"
#
# 1. DOCKER_HOST, if it is set and answers: used as it is.
# 2. A Docker engine on /var/run/docker.sock (a developer's laptop): used as it is.
# 3. Otherwise Debian's podman serves the Docker API on unix:///run/devioc-podman.sock:
#    podman and runc are installed if missing, /etc/containers/containers.conf gets
#    `default_ulimits = []` ([containers]) and `cgroup_manager = "cgroupfs"` ([engine]), and
#    `podman --runtime runc system service --time=0` is started in the background (log:
#    /var/log/devioc-podman.log). The default crun runtime fails on hybrid cgroups; runc works.
#    Nothing is ever pulled: the images the tests use are built locally, FROM scratch.
#
# Idempotent: a second run finds the service answering and only prints the variables.
# Works as root, and through sudo otherwise.
set -euo pipefail

SOCKET_PATH=/run/devioc-podman.sock
PODMAN_HOST="unix://$SOCKET_PATH"
LOG_FILE=/var/log/devioc-podman.log
CONF=/etc/containers/containers.conf

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
say() { echo "container-engine: $*" >&2; }

# Does the Docker API at $1 (unix:///path or tcp://host:port) answer GET /_ping?
answers() {
  local host=$1
  case "$host" in
    unix://*)
      local path=${host#unix://}
      [ -S "$path" ] || return 1
      if command -v curl >/dev/null; then
        curl -fsS --max-time 3 --unix-socket "$path" http://d/_ping >/dev/null 2>&1
      else
        node -e 'require("http").get({socketPath:process.argv[1],path:"/_ping",timeout:3000},(r)=>process.exit(r.statusCode===200?0:1)).on("error",()=>process.exit(1))' "$path"
      fi
      ;;
    tcp://*)
      command -v curl >/dev/null && curl -fsS --max-time 3 "http://${host#tcp://}/_ping" >/dev/null 2>&1
      ;;
    *) return 1 ;;
  esac
}

if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != "$PODMAN_HOST" ]; then
  if answers "$DOCKER_HOST"; then
    say "using DOCKER_HOST=$DOCKER_HOST"
    echo "DOCKER_HOST=$DOCKER_HOST"
    exit 0
  fi
  say "DOCKER_HOST=$DOCKER_HOST is set but does not answer GET /_ping; unset it to let this script start podman"
  exit 1
fi

if [ -z "${DOCKER_HOST:-}" ] && answers unix:///var/run/docker.sock; then
  say "using the Docker engine on /var/run/docker.sock"
  echo "DOCKER_HOST=unix:///var/run/docker.sock"
  exit 0
fi

if answers "$PODMAN_HOST"; then
  say "podman is already serving the Docker API on $PODMAN_HOST"
  echo "DOCKER_HOST=$PODMAN_HOST"
  exit 0
fi

# --- no engine answers: Debian's podman + runc ---------------------------------------------
# One run at a time from here: two runs at once must not install together, nor start two
# services on one socket.
LOCK="${TMPDIR:-/tmp}/devioc-container-engine.lock"
[ -e "$LOCK" ] || : >"$LOCK"
exec 9<"$LOCK" # read-only is enough for flock, and works on a lock file another user made
flock -w 300 9 || { say "another run of this script still holds $LOCK"; exit 1; }

if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
  say "installing Debian's podman and runc"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc >/dev/null
fi

# Sets `key = value` under [section] of the containers.conf, adding the section or replacing an
# existing value of the key in it; leaves everything else in the file as it is.
conf_set() {
  local section=$1 key=$2 value=$3
  as_root mkdir -p "$(dirname "$CONF")"
  [ -f "$CONF" ] || as_root touch "$CONF"
  local updated
  updated=$(awk -v section="$section" -v key="$key" -v line="$key = $value" '
    function flush() { if (in_section && !done) { print line; done = 1 } }
    skipping { if ($0 ~ /^[[:space:]]*\]/) skipping = 0; next }
    /^[[:space:]]*\[[^]]*\][[:space:]]*(#.*)?$/ {
      flush()
      name = $0; sub(/^[[:space:]]*\[/, "", name); sub(/\].*$/, "", name)
      in_section = (name == section)
      print; next
    }
    in_section && $0 ~ ("^[[:space:]]*" key "[[:space:]]*=") {
      # An existing value, perhaps an array over several lines: replaced by ours.
      rest = $0; sub(/^[^=]*=[[:space:]]*/, "", rest)
      if (rest ~ /^\[/ && rest !~ /\]/) skipping = 1
      if (!done) { print line; done = 1 }
      next
    }
    { print }
    END {
      flush()
      if (!done) { if (NR > 0) print ""; print "[" section "]"; print line }
    }' "$CONF")
  if [ "$updated" != "$(cat "$CONF")" ]; then
    printf '%s\n' "$updated" | as_root tee "$CONF" >/dev/null
  fi
}
conf_set containers default_ulimits '[]'
conf_set engine cgroup_manager '"cgroupfs"'

SERVICE_PATTERN="podman --runtime runc system service --time=0 $PODMAN_HOST"
if answers "$PODMAN_HOST"; then
  : # started by the run that held the lock before us
elif command -v pgrep >/dev/null && pgrep -f "$SERVICE_PATTERN" >/dev/null; then
  # Already started (by a run just before this one, say): let it come up; never start a second.
  say "podman system service is running but not answering yet; waiting for it"
else
  # A socket file left by a service that is gone would make the new one fail to bind.
  as_root rm -f "$SOCKET_PATH"
  say "starting podman system service on $PODMAN_HOST (log: $LOG_FILE)"
  as_root sh -c "nohup setsid $SERVICE_PATTERN >>'$LOG_FILE' 2>&1 </dev/null &" 9>&-  # the service must not hold the lock
fi

for _ in $(seq 1 100); do
  if answers "$PODMAN_HOST"; then break; fi
  sleep 0.2
done
if ! answers "$PODMAN_HOST"; then
  say "podman system service did not answer on $PODMAN_HOST within 20 s (as $(id -un): is the socket yours?); the end of $LOG_FILE:"
  as_root tail -n 20 "$LOG_FILE" >&2 || true
  exit 1
fi
# Started through sudo, the socket belongs to root: give it to the user who asked for it.
if [ "$(id -u)" != 0 ]; then as_root chown "$(id -u):$(id -g)" "$SOCKET_PATH"; fi
say "podman $(podman --version | awk '{print $3}') is serving the Docker API on $PODMAN_HOST"
echo "DOCKER_HOST=$PODMAN_HOST"
