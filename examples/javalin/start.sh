#!/usr/bin/env bash
# Starts the Javalin adapter on 127.0.0.1:PORT, in the foreground (built first if needed). Usage: start.sh PORT
here=$(dirname "$0")
exec "$here/../jvm-common/run-adapter.sh" "$here" target/javalin.jar "${1:?PORT}"
