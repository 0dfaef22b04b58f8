#!/usr/bin/env bash
# Installs Debian's rsyslog (+ its OpenSSL TLS driver) for the sink-eventlog tests, only when absent.
# The tests start their own rsyslogd on loopback with a private config; nothing here configures
# the system daemon.
#
# The install flow and its contract: .ci/lib/apt-install.sh
set -euo pipefail

NAME=install-rsyslog
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"

missing() {
  local need=()
  command -v rsyslogd >/dev/null 2>&1 || [ -x /usr/sbin/rsyslogd ] || need+=(rsyslog)
  # lmnsd_ossl.so is rsyslog's OpenSSL network stream driver (TLS, RFC 5425)
  compgen -G '/usr/lib/*/rsyslog/lmnsd_ossl.so' >/dev/null || compgen -G '/usr/lib/rsyslog/lmnsd_ossl.so' >/dev/null || need+=(rsyslog-openssl)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
  echo "${need[*]}"
}

version() { /usr/sbin/rsyslogd -v 2>/dev/null | head -1; }

# shellcheck source=lib/apt-install.sh
source "$(dirname "$SELF")/lib/apt-install.sh"
