#!/usr/bin/env bash
# Runs a single-node Elasticsearch for development and CI: scripts/elasticsearch.sh start|stop|status
#
# It takes the integ-test-zip distribution from Maven Central (through mvn), unzips it into a cache
# folder and starts it on 127.0.0.1 with security off and a 1 GB heap. Elasticsearch refuses to run
# as root, so under root it creates and uses a dedicated system user (esci).
#
# Settings (all optional):
#   SKILLPULSE_ES_VERSION  integ-test-zip version (default 8.19.21, the newest 8.19 patch on Central
#                          on 2026-11-21; 8.19.10-12, 15, 17, 19 and 22+ do not resolve there)
#   SKILLPULSE_ES_PORT     HTTP port (default 9200)
#   SKILLPULSE_ES_CACHE    where the distribution and the node's data live
#                          (default /var/cache/skillpulse/elasticsearch as root, else ~/.cache/skillpulse/elasticsearch)
#   SKILLPULSE_ES_JAVA_HOME  the JDK to run it with (default: the JDK of the `java` on PATH; 8.x needs 17+)
set -euo pipefail

version="${SKILLPULSE_ES_VERSION:-8.19.21}"
port="${SKILLPULSE_ES_PORT:-9200}"
if [ "$(id -u)" = 0 ]; then
  cache="${SKILLPULSE_ES_CACHE:-/var/cache/skillpulse/elasticsearch}"
  run_user=esci
else
  cache="${SKILLPULSE_ES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/skillpulse/elasticsearch}"
  run_user=""
fi
es_home="$cache/elasticsearch-$version"
node_dir="$cache/node-$port"
pid_file="$node_dir/es.pid"
url="http://127.0.0.1:$port"

say() { echo "elasticsearch: $*" >&2; }

is_running() {
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

healthy() {
  curl -fsS --max-time 2 "$url/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1
}

java_home() {
  if [ -n "${SKILLPULSE_ES_JAVA_HOME:-}" ]; then
    echo "$SKILLPULSE_ES_JAVA_HOME"
    return
  fi
  local java
  java="$(command -v java || true)"
  if [ -z "$java" ]; then
    say "no java on PATH; install a JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless) or set SKILLPULSE_ES_JAVA_HOME"
    exit 1
  fi
  dirname "$(dirname "$(readlink -f "$java")")"
}

fetch() {
  [ -x "$es_home/bin/elasticsearch" ] && return
  command -v mvn >/dev/null || { say "mvn is needed to fetch Elasticsearch from Maven Central (apt-get install maven)"; exit 1; }
  command -v unzip >/dev/null || { say "unzip is needed (apt-get install unzip)"; exit 1; }
  mkdir -p "$cache"
  say "fetching org.elasticsearch.distribution.integ-test-zip:elasticsearch:$version from Maven Central"
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$version:zip" \
    -DoutputDirectory="$cache" >&2
  rm -rf "$es_home.partial"
  mkdir -p "$es_home.partial"
  unzip -q "$cache/elasticsearch-$version.zip" -d "$es_home.partial"
  mv "$es_home.partial/elasticsearch-$version" "$es_home"
  rm -rf "$es_home.partial" "$cache/elasticsearch-$version.zip"
}

configure() {
  mkdir -p "$node_dir/data" "$node_dir/logs" "$node_dir/tmp" "$node_dir/config"
  # A config folder per node keeps the unzipped distribution pristine.
  cp -r "$es_home/config/." "$node_dir/config/"
  mkdir -p "$node_dir/config/jvm.options.d"
  printf -- '-Xms1g\n-Xmx1g\n' >"$node_dir/config/jvm.options.d/heap.options"
  cat >"$node_dir/config/elasticsearch.yml" <<EOF
cluster.name: skillpulse-dev
node.name: skillpulse-dev-$port
discovery.type: single-node
network.host: 127.0.0.1
http.port: $port
transport.port: $((port + 100))
path.data: $node_dir/data
path.logs: $node_dir/logs
xpack.security.enabled: false
action.destructive_requires_name: false
cluster.routing.allocation.disk.threshold_enabled: false
# Monthly postings indices (one shard each, docs/decisions/0010): room for test stores left by killed runs.
cluster.max_shards_per_node: 3000
EOF
  if [ -n "$run_user" ]; then
    id "$run_user" >/dev/null 2>&1 ||
      useradd --system --no-create-home --shell /usr/sbin/nologin "$run_user"
    chown -R "$run_user" "$node_dir"
    # The user must reach the distribution and its node folder through every parent folder.
    chmod -R o+rX "$es_home"
    local dir="$cache"
    while [ "$dir" != / ]; do chmod o+x "$dir" 2>/dev/null || true; dir="$(dirname "$dir")"; done
  fi
}

start() {
  if is_running && healthy; then
    say "already running at $url (pid $(cat "$pid_file"))"
    echo "$url"
    return
  fi
  if healthy; then
    say "something else already answers at $url; stop it or set SKILLPULSE_ES_PORT"
    exit 1
  fi
  fetch
  configure
  local jh
  jh="$(java_home)"
  say "starting $version on $url (java: $jh, data: $node_dir/data)"
  local cmd=(env -i "PATH=/usr/bin:/bin" "HOME=$node_dir" "ES_JAVA_HOME=$jh" "ES_TMPDIR=$node_dir/tmp"
    "ES_PATH_CONF=$node_dir/config" "$es_home/bin/elasticsearch" -d -p "$pid_file")
  # The node logs to $node_dir/logs; its console copy would mix with the URL this script prints.
  rm -f "$pid_file"
  if [ -n "$run_user" ]; then
    runuser -u "$run_user" -- "${cmd[@]}" >/dev/null
  else
    "${cmd[@]}" >/dev/null
  fi
  local waited=0
  until healthy; do
    if [ "$waited" -ge 120 ]; then
      say "not healthy after 120 s; last log lines:"
      tail -n 40 "$node_dir/logs/skillpulse-dev.log" >&2 || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "healthy after ${waited} s"
  echo "$url"
}

stop() {
  if ! is_running; then
    say "not running"
    rm -f "$pid_file"
    return
  fi
  local pid
  pid="$(cat "$pid_file")"
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { say "stopped"; return; }
    sleep 1
  done
  say "did not stop within 60 s; killing it"
  kill -9 "$pid" 2>/dev/null || true
}

status() {
  if is_running && healthy; then
    echo "running at $url (pid $(cat "$pid_file"), version $version)"
  elif is_running; then
    echo "starting or unhealthy (pid $(cat "$pid_file")); log: $node_dir/logs/skillpulse-dev.log"
    exit 1
  else
    echo "not running"
    exit 3
  fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
  echo "usage: scripts/elasticsearch.sh start|stop|status" >&2
  exit 2
  ;;
esac
