#!/usr/bin/env bash
# Runs a Java adapter of the framework matrix in the foreground: builds it first (the kit's Maven wrapper, package
# only: nothing is installed) when its jar is missing or older than its sources or the shared ones' (examples/*-common).
# Usage, from an adapter's start.sh: run-adapter.sh ADAPTER_DIR JAR [java arguments...]
set -euo pipefail
dir=$(cd "$1" && pwd)
jar=$dir/$2
shift 2
root=$(cd "$dir/../.." && pwd)
. "$root/scripts/java-home.sh"
if [ ! -f "$jar" ] || [ -n "$(find "$dir/pom.xml" "$dir/src" "$root"/examples/*-common/src/main -type f -newer "$jar" -print -quit)" ]; then
  echo "building $(basename "$dir")…" >&2
  "$root/mvnw" -B -ntp -q -f "$dir/pom.xml" package -DskipTests >&2
fi
exec "$JAVA_HOME/bin/java" -jar "$jar" "$@"
