#!/usr/bin/env bash
# The benchmark suite: builds what it needs, installs wrk and nginx if they are missing (Debian), then measures the
# reference server against the seed's Node.js servers and nginx, and the TCK itself, and writes bench/results/latest.md
# and latest.json.   Usage: bench/run.sh [--quick] [--only http,tck]
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
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # many connections: the benchmark's processes, not the server's code
./mvnw -q -B package -DskipTests
exec "$JAVA_HOME/bin/java" -Dcommtck.root="$root" -jar bench/target/commtck-bench.jar "$@"
