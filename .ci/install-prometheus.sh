#!/usr/bin/env bash
# Installs Debian's prometheus (the server and promtool) for the metrics plugin's tests, only when
# absent. The tests start their own Prometheus on loopback with a private config and a temp
# storage dir; nothing here configures or relies on the system service.
#
# Contract shared by every .ci/install-*.sh (test/setup/system-packages.ts relies on it):
#   --check   prints nothing and exits 0 when everything is present; else prints what is missing, exits 1
#   (none)    installs what is missing: silent when nothing is; as root, else through `sudo -n`;
#             exits 2 with the command to run when it has neither. Two runs at once are serialised
#             with flock, and apt's own lock is waited for (another apt user may hold it).
set -euo pipefail

NAME=install-prometheus
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"

missing() {
  local need=()
  # both binaries come from the one Debian package
  { [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; } || need+=(prometheus)
  echo "${need[*]}"
}

need="$(missing)"
if [ "${1:-}" = "--check" ]; then
  [ -z "$need" ] && exit 0
  echo "$NAME: missing $need"
  exit 1
fi
[ -z "$need" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  # -n: never prompt (CI has no stdin); fails at once when a password would be needed
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n bash "$SELF" "$@"
  fi
  echo "$NAME: $need not installed, and installing needs root (no password-less sudo here). Run once: sudo bash .ci/$NAME.sh" >&2
  exit 2
fi

# one installer at a time; the second one finds the work done after the wait
exec 9>"${TMPDIR:-/tmp}/logwarden-install.lock"
flock -w 900 9
need="$(missing)"
[ -z "$need" ] && exit 0

echo "$NAME: installing $need (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# apt-get waits up to 5 min for dpkg's lock instead of failing when another apt run holds it
apt_get() { apt-get -o DPkg::Lock::Timeout=300 -q -y "$@" </dev/null >>"$log" 2>&1; }
apt_get update || { cat "$log" >&2; echo "$NAME: apt-get update failed" >&2; exit 1; }
# --no-install-recommends keeps the node exporter & co. out. Without an init system the package may fail
# to start its service; we neither need nor rely on it, so success is judged by the files below.
# shellcheck disable=SC2086 # $need is a list of package names
apt_get install --no-install-recommends $need || true
need="$(missing)"
if [ -n "$need" ]; then
  cat "$log" >&2
  echo "$NAME: installing $need failed (apt-get output above)" >&2
  exit 1
fi
echo "$NAME: done ($(/usr/bin/prometheus --version 2>&1 | head -1))" >&2
