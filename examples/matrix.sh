#!/usr/bin/env bash
# The framework matrix: starts each adapter (examples/<stack>/start.sh PORT, which builds it if needed), runs the whole
# kit against it with --repeat 2 (an outcome that differs between the two runs is FLAKY, not the stack's), stops it,
# and writes docs/compatibility.md from the runs' summary.json, the stacks' stack.properties and their notes.properties.
# A stack whose stack.properties names a workaround (stack.workaround.patterns) is run once more without it
# (COMMTCK_WORKAROUNDS=off), on those patterns only.
#
# Usage: examples/matrix.sh [STACK...]        (default: every examples/*/ with a start.sh; the page keeps the latest
# run of every other stack found in MATRIX_OUT)
# Environment: MATRIX_OUT, where the runs go (default target/matrix); MATRIX_START_SECONDS, how long an adapter may
# take to listen, its build included (default 300); MATRIX_REPEAT, how many times the kit runs each test (default 2);
# MATRIX_WORKAROUNDS=only-with, no second run without the workarounds (CI's shorter matrix; the page is then partial).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/java-home.sh
out=${MATRIX_OUT:-$root/target/matrix}
start_seconds=${MATRIX_START_SECONDS:-300}
repeat=${MATRIX_REPEAT:-2}
jar=$root/cli/target/commtck.jar

if [ $# -gt 0 ]; then
  stacks=("$@")
else
  stacks=()
  for script in examples/*/start.sh; do stacks+=("$(basename "$(dirname "$script")")"); done
fi
for stack in "${stacks[@]}"; do
  [ -x "examples/$stack/start.sh" ] || { echo "matrix: no examples/$stack/start.sh" >&2; exit 2; }
done

# The kit's own jar, rebuilt when its sources are newer (never installed anywhere).
if [ ! -f "$jar" ] || [ -n "$(find spec tck reports cli reference-impl -path '*/src/main/*' -newer "$jar" -print -quit)" ]; then
  echo "matrix: building the kit…"
  ./mvnw -B -ntp -q package -DskipTests -pl cli -am
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The kit's settings in a stack's stack.properties: every line but the stack.* ones.
kit_settings() {
  grep -v '^[[:space:]]*stack\.' "examples/$1/stack.properties" > "$2"
}

# run_column COLUMN STACK [PATTERNS] [ENV=VALUE...]: one adapter started, checked and stopped; its outcome in $out/COLUMN.
run_column() {
  local column=$1 stack=$2 patterns=$3
  shift 3
  local dir=$out/$column port pid waited=0 started
  rm -rf "$dir"
  mkdir -p "$dir"
  printf 'stack=%s\n' "$stack" > "$dir/column.properties"
  [ -n "$patterns" ] && printf 'patterns=%s\n' "$patterns" >> "$dir/column.properties"
  [ $# -gt 0 ] && printf 'environment=%s\n' "$*" >> "$dir/column.properties"
  kit_settings "$stack" "$dir/kit.properties"
  port=$(free_port)
  echo "matrix: $column: starting examples/$stack on 127.0.0.1:$port"
  started=$(date +%s)
  # a process group of its own, so that stopping it by its PID stops whatever start.sh started
  env "$@" setsid "examples/$stack/start.sh" "$port" > "$dir/server.log" 2>&1 &
  pid=$!
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      printf 'error=the adapter exited before it listened (see %s)\n' "$dir/server.log" >> "$dir/column.properties"
      echo "matrix: $column: the adapter exited before it listened; its log:" >&2
      tail -n 20 "$dir/server.log" >&2
      return
    fi
    if [ "$waited" -ge "$start_seconds" ]; then
      printf 'error=the adapter did not listen within %s s\n' "$start_seconds" >> "$dir/column.properties"
      kill -- "-$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return
    fi
    sleep 1
    waited=$((waited + 1))
  done
  local times=$([ "$repeat" = 1 ] && echo once || echo "$repeat times over")
  echo "matrix: $column: listening after $(( $(date +%s) - started )) s; running the kit ($times)"
  local args=(run --target "http://127.0.0.1:$port" --config "$dir/kit.properties" --repeat "$repeat" --out "$dir/report")
  [ -n "$patterns" ] && args+=(--patterns "$patterns")
  "$JAVA_HOME/bin/java" -jar "$jar" "${args[@]}" > "$dir/kit.log" 2>&1 && code=0 || code=$?
  printf 'exit=%s\nseconds=%s\n' "$code" "$(( $(date +%s) - started ))" >> "$dir/column.properties"
  tail -n 2 "$dir/kit.log" | head -n 1
  kill -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

columns=()
for stack in "${stacks[@]}"; do
  run_column "$stack" "$stack" ""
  columns+=("$out/$stack")
  workaround_patterns=$(sed -n 's/^[[:space:]]*stack\.workaround\.patterns[[:space:]]*=[[:space:]]*//p' "examples/$stack/stack.properties")
  if [ -n "$workaround_patterns" ] && [ "${MATRIX_WORKAROUNDS:-}" != only-with ]; then
    run_column "$stack-without-workaround" "$stack" "$workaround_patterns" COMMTCK_WORKAROUNDS=off
    columns+=("$out/$stack-without-workaround")
  fi
done

# the page shows every stack's latest run in $out, so that re-running one stack keeps the others on it
page=()
for properties in "$out"/*/column.properties; do
  stack=$(sed -n 's/^stack=//p' "$properties")
  if [ -x "examples/$stack/start.sh" ]; then page+=("$(dirname "$properties")"); fi
done
python3 examples/matrix_table.py --examples examples --out docs/compatibility.md "${page[@]}"
echo "matrix: wrote docs/compatibility.md"
# the stacks' verdicts are the page's business; an adapter that could not be run is the matrix's own failure
if grep -l '^error=' "${columns[@]/%//column.properties}" >&2; then
  echo "matrix: the adapters above could not be run" >&2
  exit 1
fi
