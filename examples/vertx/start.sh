#!/usr/bin/env bash
# Starts the Vert.x adapter on 127.0.0.1:PORT, in the foreground (built first if needed). Usage: start.sh PORT
here=$(dirname "$0")
exec "$here/../jvm-common/run-adapter.sh" "$here" target/vertx.jar "${1:?PORT}"
