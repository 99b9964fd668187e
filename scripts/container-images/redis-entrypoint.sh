#!/bin/sh
# Redis image entrypoint (botserver-e2e/redis): the module's command is `redis-server [--requirepass PW]`;
# connections arrive from the bridge, hence --protected-mode no, as the official image runs it.
set -eu
if [ "${1:-}" = redis-server ]; then shift; fi
exec /usr/bin/redis-server --protected-mode no --bind 0.0.0.0 --save '' --appendonly no "$@"
