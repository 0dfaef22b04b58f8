#!/usr/bin/env bash
# Installs Debian's prometheus-alertmanager for the notify-alertmanager tests, only when absent.
# The tests start their own Alertmanager on loopback with a private config and storage directory;
# nothing here configures or starts the system service.
#
# The install flow and its contract: .ci/lib/apt-install.sh
set -euo pipefail

NAME=install-alertmanager
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"

missing() {
  local need=()
  command -v prometheus-alertmanager >/dev/null 2>&1 || [ -x /usr/bin/prometheus-alertmanager ] || need+=(prometheus-alertmanager)
  echo "${need[*]}"
}

version() { prometheus-alertmanager --version 2>&1 | head -1; }

# shellcheck source=lib/apt-install.sh
source "$(dirname "$SELF")/lib/apt-install.sh"
