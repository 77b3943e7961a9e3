#!/usr/bin/env bash
# A local Redis Cluster for the tests, CI and the bench: three masters and three replicas of
# Debian's redis-server on 127.0.0.1, ports PORT..PORT+5, each with its own directory under
# DIR (AOF on, so a restarted node comes back with its data).
#   tests/support/redis_cluster.sh start DIR PORT   # prints nothing; waits for cluster_state:ok
#   tests/support/redis_cluster.sh stop DIR PORT
#   tests/support/redis_cluster.sh revive DIR PORT  # starts again the nodes that died
# Then MICUENTA_TEST_REDIS_CLUSTER_URL=redis://127.0.0.1:PORT/0 (any node will do).
set -euo pipefail
action="${1:?start or stop}"; dir="${2:?a directory}"; base="${3:?the first port}"
ports=$(seq "$base" $((base + 5)))

cluster_ok() { redis-cli -h 127.0.0.1 -p "$base" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }

alive() { redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG; }

start() {
  mkdir -p "$dir"
  for port in $ports; do
    mkdir -p "$dir/$port"
    alive "$port" && continue
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
      --cluster-config-file "$dir/$port/nodes.conf" --cluster-node-timeout 2000 \
      --appendonly yes --save "" --dir "$dir/$port" --daemonize yes \
      --pidfile "$dir/$port/redis.pid" --logfile "$dir/$port/redis.log"
  done
  for port in $ports; do
    for _ in $(seq 1 50); do
      redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
      sleep 0.1
    done
  done
  if ! cluster_ok && [ "$(redis-cli -h 127.0.0.1 -p "$base" cluster info | grep -c 'cluster_known_nodes:6')" = 0 ]; then
    # shellcheck disable=SC2046
    redis-cli --cluster create $(for port in $ports; do printf '127.0.0.1:%s ' "$port"; done) \
      --cluster-replicas 1 --cluster-yes >"$dir/create.log"
  fi
  for _ in $(seq 1 100); do
    if cluster_ok && all_ok; then return 0; fi
    sleep 0.2
  done
  echo "redis_cluster: no cluster_state:ok on 127.0.0.1:$base after 20 s (see $dir)" >&2
  exit 1
}

all_ok() {
  for port in $ports; do
    redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

stop() {
  for port in $ports; do
    if [ -f "$dir/$port/redis.pid" ]; then
      kill "$(cat "$dir/$port/redis.pid")" 2>/dev/null || true
    fi
  done
  for port in $ports; do
    for _ in $(seq 1 50); do
      [ -f "$dir/$port/redis.pid" ] && kill -0 "$(cat "$dir/$port/redis.pid")" 2>/dev/null || break
      sleep 0.1
    done
  done
  rm -rf "$dir"
}

case "$action" in
  start|revive) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR PORT" >&2; exit 2 ;;
esac
