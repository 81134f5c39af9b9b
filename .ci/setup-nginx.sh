#!/usr/bin/env bash
# Installs Debian's nginx for the topology test (e2e/topology.e2e.ts), without starting the
# system service: the test runs nginx itself as a child process with its own configuration.
# Quick when nginx is already there.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  echo "nginx: $(/usr/sbin/nginx -v 2>&1 || echo installed)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# Keep the package's maintainer scripts from starting nginx on port 80 (policy-rc.d answers
# "not allowed"); an existing policy (containers have one) stays as it is.
ADDED_POLICY=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod 755 /usr/sbin/policy-rc.d
  ADDED_POLICY=1
fi
cleanup() { if [ -n "$ADDED_POLICY" ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT
$SUDO apt-get install -y -qq --no-install-recommends nginx-light >/dev/null 2>&1 ||
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends nginx-light; }
# On a systemd host the unit may still be enabled for the next boot: the tests never need it.
if [ -d /run/systemd/system ]; then $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true; fi
/usr/sbin/nginx -v
