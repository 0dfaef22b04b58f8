#!/usr/bin/env bash
# Installs Debian's rsyslog (+ its OpenSSL TLS driver) for the sink-eventlog tests, only when absent.
# The tests start their own rsyslogd on loopback with a private config; nothing here starts or
# configures the system daemon. Idempotent: a second run does nothing.
set -euo pipefail

need=()
command -v rsyslogd >/dev/null 2>&1 || [ -x /usr/sbin/rsyslogd ] || need+=(rsyslog)
# lmnsd_ossl.so is rsyslog's OpenSSL network stream driver (TLS, RFC 5425)
compgen -G '/usr/lib/*/rsyslog/lmnsd_ossl.so' >/dev/null || compgen -G '/usr/lib/rsyslog/lmnsd_ossl.so' >/dev/null || need+=(rsyslog-openssl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)

if [ ${#need[@]} -eq 0 ]; then
  echo "install-rsyslog: rsyslog, rsyslog-openssl and openssl already present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "install-rsyslog: need root or sudo to install: ${need[*]}" >&2
    exit 1
  fi
fi

echo "install-rsyslog: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# --no-install-recommends keeps logrotate & co. out. Without an init system the package may fail
# to start its service; we neither need nor rely on it, so success is judged by the files below.
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" || true
if ! { command -v rsyslogd >/dev/null 2>&1 || [ -x /usr/sbin/rsyslogd ]; } \
   || ! compgen -G '/usr/lib/*/rsyslog/lmnsd_ossl.so' >/dev/null \
   || ! command -v openssl >/dev/null 2>&1; then
  echo "install-rsyslog: installing ${need[*]} failed" >&2
  exit 1
fi
echo "install-rsyslog: done ($(/usr/sbin/rsyslogd -v 2>/dev/null | head -1))"
