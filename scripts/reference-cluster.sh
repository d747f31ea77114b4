#!/usr/bin/env bash
# Starts N nodes of the reference server (default 3) on one PostgreSQL database, on ports PORT, PORT+1… (default 2101),
# waits until each listens, prints the command that checks them as one service, and stops them on Ctrl-C.
#   scripts/reference-cluster.sh [N] [JDBC-URL] [PORT]
#   (default URL: jdbc:postgresql://localhost:5432/commtck?user=postgres; the database must exist: createdb commtck)
#   scripts/reference-cluster.sh restart K
#   kills node K (1 is the one on PORT) the hard way and starts it again: the printed command gives it to the kit as
#   message-queue.node-restart-command, so that MQ-CLUSTER-5 (a node killed loses nothing) is checked too.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=$root/target/reference-cluster # each node's port, process id and log, and the database they share

start_node() { # K: starts node K in the background, on its port and the shared database
  "$root/commtck" serve --port "$(cat "$state/node-$1.port")" --database "$(cat "$state/database")" \
    >> "$state/node-$1.log" 2>&1 &
  echo $! > "$state/node-$1.pid"
}

if [ "${1:-}" = restart ]; then
  k=${2:-}
  [ -f "$state/node-$k.pid" ] || { echo "reference-cluster: ERROR no node '$k' was started here" >&2; exit 2; }
  old=$(cat "$state/node-$k.pid")
  kill -9 "$old" 2>/dev/null || true
  while kill -0 "$old" 2>/dev/null; do sleep 0.05; done
  start_node "$k"
  exit 0
fi

nodes=${1:-3}
database=${2:-jdbc:postgresql://localhost:5432/commtck?user=postgres}
first=${3:-2101}
"$root/commtck" --version > /dev/null # builds the jar once, before the nodes start
rm -rf "$state"
mkdir -p "$state"
echo "$database" > "$state/database"
stop() { # every node, restarted ones too (they are not this shell's children), and the wait below
  for f in "$state"/node-*.pid; do kill "$(cat "$f")" 2>/dev/null || true; done
  kill $(jobs -p) 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM
run="./commtck run --target http://127.0.0.1:$first"
for ((k = 1; k <= nodes; k++)); do
  echo $((first + k - 1)) > "$state/node-$k.port"
  start_node "$k"
  [ "$k" -gt 1 ] && run+=" --node http://127.0.0.1:$((first + k - 1))"
done
for ((k = 1; k <= nodes; k++)); do
  for ((tries = 0; tries < 600; tries++)); do # up to 60 s each
    (exec 3<>"/dev/tcp/127.0.0.1/$((first + k - 1))") 2>/dev/null && break
    kill -0 "$(cat "$state/node-$k.pid")" 2>/dev/null \
      || { echo "reference-cluster: ERROR node $k did not start: $(tail -n 1 "$state/node-$k.log")" >&2; exit 2; }
    sleep 0.1
  done
  echo "node $k: http://127.0.0.1:$((first + k - 1)) (log: $state/node-$k.log)"
done
run+=" -P 'message-queue.node-restart-command=$root/scripts/reference-cluster.sh restart \$COMMTCK_NODE_NUMBER'"
echo "The $nodes nodes listen; check them as one service (in another shell; Ctrl-C here stops them):"
echo "$run"
sleep infinity & # until Ctrl-C or kill: a trapped signal ends the wait, then the exit stops the nodes
wait $!
