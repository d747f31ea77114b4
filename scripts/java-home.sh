# Sourced by ./commtck and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer found on this machine.
# Prefers $JAVA_HOME when it is recent enough, then the newest JDK in the usual places.

commtck_java_major() { # prints the feature version of the JDK at $1, or nothing
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
  [ -n "$v" ] || v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  echo "$v"
}

commtck_find_jdk() {
  local candidate major best="" best_major=0 on_path=""
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(commtck_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    on_path=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  fi
  for candidate in /usr/lib/jvm/* "$HOME"/.sdkman/candidates/java/* /opt/java/* /opt/jdk* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home $on_path; do
    [ -x "$candidate/bin/java" ] || continue
    major=$(commtck_java_major "$candidate")
    if [ "${major:-0}" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  if [ "$best_major" -ge 21 ]; then echo "$best"; return 0; fi
  return 1
}

if jdk=$(commtck_find_jdk); then
  export JAVA_HOME=$jdk
else
  echo "commtck: ERROR CommTCK needs a JDK 21 or newer; none found (set JAVA_HOME to one)." >&2
  exit 2
fi
unset jdk
