#!/usr/bin/env bash
# Starts the Fastify adapter on 127.0.0.1:PORT, in the foreground (its packages installed first if needed). Usage: start.sh PORT
here=$(dirname "$0")
exec "$here/../node-common/run-adapter.sh" "$here" "${1:?PORT}"
