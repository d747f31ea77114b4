#!/usr/bin/env bash
# Starts N nodes of the reference server (default 3) on one PostgreSQL database, on ports PORT, PORT+1… (default 2101),
# waits until each listens, prints the command that checks them as one service, and stops them on Ctrl-C.
#   scripts/reference-cluster.sh [N] [JDBC-URL] [PORT]
#   (default URL: jdbc:postgresql://localhost:5432/commtck?user=postgres; the database must exist: createdb commtck)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
nodes=${1:-3}
database=${2:-jdbc:postgresql://localhost:5432/commtck?user=postgres}
first=${3:-2101}
"$root/commtck" --version > /dev/null # builds the jar once, before the nodes start
pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
run="./commtck run --target http://127.0.0.1:$first"
for ((i = 0; i < nodes; i++)); do
  "$root/commtck" serve --port $((first + i)) --database "$database" &
  pids+=($!)
  [ "$i" -gt 0 ] && run+=" --node http://127.0.0.1:$((first + i))"
done
for ((i = 0; i < nodes; i++)); do
  for ((tries = 0; tries < 600; tries++)); do # up to 60 s each
    (exec 3<>"/dev/tcp/127.0.0.1/$((first + i))") 2>/dev/null && break
    kill -0 "${pids[$i]}" 2>/dev/null || { echo "reference-cluster: ERROR node $((i + 1)) did not start" >&2; exit 2; }
    sleep 0.1
  done
done
echo "The $nodes nodes listen; check them as one service (in another shell): $run"
wait
