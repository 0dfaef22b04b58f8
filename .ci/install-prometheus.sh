#!/usr/bin/env bash
# Installs Debian's prometheus (the server and promtool) for the metrics plugin's tests, only when
# absent. The tests start their own Prometheus on loopback with a private config and a temp
# storage dir; nothing here configures or relies on the system service.
#
# The install flow and its contract: .ci/lib/apt-install.sh
set -euo pipefail

NAME=install-prometheus
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"

missing() {
  local need=()
  # both binaries come from the one Debian package
  { [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; } || need+=(prometheus)
  echo "${need[*]}"
}

version() { /usr/bin/prometheus --version 2>&1 | head -1; }

# shellcheck source=lib/apt-install.sh
source "$(dirname "$SELF")/lib/apt-install.sh"
