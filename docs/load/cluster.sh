#!/usr/bin/env bash
# The cluster measurement of docs/PERFORMANCE.md: three etcd members, two
# CommonGround nodes and HAProxy in TCP mode, all on loopback, then
# `commonground load` with the participants through HAProxy and the
# facilitator on node A. Usage: docs/load/cluster.sh N OUT.json [NODES]
# (NODES=1 runs one node alone behind the same HAProxy, for the
# comparison; BOLT=1 with NODES=1 runs it on its bbolt file instead of
# etcd). Needs: haproxy, an etcd binary in $ETCD (etcd 3.6), the
# commonground binary in $CG.
set -euo pipefail
N=${1:?participants}; OUT=${2:?json file}; NODES=${3:-2}
ETCD=${ETCD:-etcd}; CG=${CG:-commonground}
W=$(mktemp -d /tmp/cg-cluster-XXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT

# Three etcd members.
cluster=m1=http://127.0.0.1:23801,m2=http://127.0.0.1:23802,m3=http://127.0.0.1:23803
for i in 1 2 3; do
  "$ETCD" --name m$i --data-dir "$W/etcd$i" --log-level error \
    --listen-client-urls http://127.0.0.1:2379$i --advertise-client-urls http://127.0.0.1:2379$i \
    --listen-peer-urls http://127.0.0.1:2380$i --initial-advertise-peer-urls http://127.0.0.1:2380$i \
    --initial-cluster $cluster --initial-cluster-token cg-load >"$W/etcd$i.log" 2>&1 &
  pids+=($!)
done
STORE=(--store etcd://127.0.0.1:23791,127.0.0.1:23792,127.0.0.1:23793)
[[ ${BOLT:-} == 1 ]] && STORE=()

# A facilitator key for the load tool, in every node's facilitators file.
ssh-keygen -q -t ed25519 -N '' -f "$W/fac" -C load-facilitator
cp "$W/fac.pub" "$W/facilitators"

# The nodes: one connection address (127.0.0.1) for everyone, so the
# per-address limits are off; the viewer limit is above the run's N.
for i in $(seq 1 "$NODES"); do
  HOME="$W" "$CG" serve "${STORE[@]}" --data "$W/node$i" --addr 127.0.0.1:2220$i \
    --facilitators "$W/facilitators" --conn-rate 0 --guest-rate 0 --max-viewers 0 >"$W/node$i.log" 2>&1 &
  pids+=($!)
  until grep -q "is listening" "$W/node$i.log"; do sleep 0.5; done
done
CODE=$(grep -m1 -o 'ssh -p [0-9]* [a-z0-9-]*@' "$W/node1.log" | awk '{print $4}' | tr -d @)

# HAProxy in TCP mode in front of the nodes, round robin.
{
  printf 'global\n  maxconn 8000\ndefaults\n  mode tcp\n  timeout connect 5s\n  timeout client 1h\n  timeout server 1h\n'
  printf 'frontend cg\n  bind 127.0.0.1:22200\n  default_backend nodes\nbackend nodes\n  balance roundrobin\n'
  for i in $(seq 1 "$NODES"); do printf '  server node%d 127.0.0.1:2220%d\n' "$i" "$i"; done
} >"$W/haproxy.cfg"
haproxy -f "$W/haproxy.cfg" >"$W/haproxy.log" 2>&1 &
pids+=($!)
until (exec 3<>/dev/tcp/127.0.0.1/22200) 2>/dev/null; do
  kill -0 "${pids[-1]}" 2>/dev/null || { cat "$W/haproxy.log"; exit 1; }
  sleep 0.2
done

"$CG" load --addr 127.0.0.1:22200 --facilitator-addr 127.0.0.1:22201 --code "$CODE" --key "$W/fac" \
  --participants "$N" --ramp "${RAMP:-60s}" --duration 10s --changes "${CHANGES:-20}" --change-timeout 20s \
  --data "$W/none" --json "$OUT"
for i in $(seq 1 "$NODES"); do
  echo "node$i: $(grep -c 'session start' "$W/node$i.log") sessions"
done
