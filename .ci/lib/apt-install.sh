# Sourced by every .ci/install-*.sh after it defines NAME, SELF, missing() (prints the missing
# Debian packages, space-separated) and version() (one line naming what got installed).
#
# Contract shared by every .ci/install-*.sh (test/setup/system-packages.ts relies on it):
#   --check   prints nothing and exits 0 when everything is present; else prints what is missing, exits 1
#   (none)    installs what is missing: silent when nothing is; as root, else through `sudo -n`;
#             exits 2 with the command to run when it has neither. Two runs at once are serialised
#             with flock, and apt's own lock is waited for (another apt user may hold it).

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
# --no-install-recommends keeps the packages' extras out. Without an init system a package may fail
# to start its service; the tests never use it, so success is judged by missing() alone.
# shellcheck disable=SC2086 # $need is a list of package names
apt_get install --no-install-recommends $need || true
need="$(missing)"
if [ -n "$need" ]; then
  cat "$log" >&2
  echo "$NAME: installing $need failed (apt-get output above)" >&2
  exit 1
fi
echo "$NAME: done ($(version))" >&2
