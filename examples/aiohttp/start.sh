#!/usr/bin/env bash
# Starts the aiohttp adapter on 127.0.0.1:PORT, in the foreground, with a Python 3 that has aiohttp (Debian's
# python3-aiohttp; the pinned version is in stack.properties). Usage: start.sh PORT
here=$(cd "$(dirname "$0")" && pwd)
for python in /usr/bin/python3 python3; do
  if "$python" -c 'import aiohttp' 2>/dev/null; then
    exec "$python" "$here/server.py" "${1:?PORT}"
  fi
done
echo "aiohttp: no Python 3 with aiohttp here; install Debian's package: apt-get install -y python3-aiohttp" >&2
exit 1
