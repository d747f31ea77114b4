#!/usr/bin/env bash
# The benchmark suite: builds what it needs, installs wrk and nginx if they are missing (Debian), then measures the
# reference server against the seed's Node.js servers and nginx, the TCK itself, and the streams, waits and queues
# (SSE fan-out, long polling, message queue, memory per connection) with the Java load client, and writes
# bench/results/latest.md and latest.json.
# Usage: bench/run.sh [--quick] [--only http,tck,sse,longpoll,queue,memory,pubsub,cluster] [--connections N]
#        [--results NAME] [--database-admin JDBC-URL]   (cluster: the reference on 1, 2, 3 PostgreSQL nodes)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. scripts/java-home.sh
for tool in wrk nginx node npm; do
  if ! command -v "$tool" >/dev/null; then
    case "$tool" in
      wrk|nginx) pkg=$tool ;;
      *) echo "bench: ERROR $tool is needed (Node.js 20 runs the seed's servers)" >&2; exit 2 ;;
    esac
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq "$pkg" >/dev/null; else sudo apt-get install -y -qq "$pkg" >/dev/null; fi
  fi
done
# 10,000 connections need 10,000 descriptors in the server and as many in the load client (separate processes): raise
# the soft limit to the hard one here, for the benchmark's processes, rather than in the server's code
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
  echo "bench: WARNING ulimit -n is $(ulimit -n): the 10,000-connection sections will fail (use --connections)" >&2
fi
./mvnw -q -B package -DskipTests
exec "$JAVA_HOME/bin/java" -Dcommtck.root="$root" -jar bench/target/commtck-bench.jar "$@"
