#!/usr/bin/env bash
# Fetches Docker Compose (v2, one Go binary) from Debian trixie's `docker-compose` package, so
# ComposeConfigTest can run `docker-compose config -q` over the demo stack on machines without
# Docker: `config` only reads and validates the files, it needs no engine. The machine's apt
# configuration is never touched (see lib/debian-packages.sh).
#
# usage: scripts/fetch-docker-compose.sh [DEST]      (default DEST: target/backends)
# The binary ends up at DEST/docker-compose/usr/bin/docker-compose.
# Set EV_OBSERVER_DOCKER_COMPOSE=/path/to/docker-compose to use one you already have.
set -euo pipefail
source "$(dirname "$0")/lib/debian-packages.sh"

dest=${1:-target/backends}
unpack_debian_packages fetch-docker-compose "$dest/docker-compose/usr/bin/docker-compose" "$dest/docker-compose" \
  "${COMPOSE_DEBIAN_SUITE:-trixie}" "${COMPOSE_DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
  "${EV_OBSERVER_DOCKER_COMPOSE:-}" docker-compose
