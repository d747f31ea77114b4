#!/usr/bin/env bash
# Starts the Spring WebFlux adapter on 127.0.0.1:PORT, in the foreground (built first if needed). Usage: start.sh PORT
here=$(dirname "$0")
exec "$here/../jvm-common/run-adapter.sh" "$here" target/spring-webflux.jar --server.address=127.0.0.1 --server.port="${1:?PORT}"
