#!/usr/bin/env bash
# Installs a built .deb (scripts/package.sh) with apt into a clean Debian 12
# root, the way a desk gets it, and checks what a desk needs. Part of
# `make test`, right after scripts/package-check.sh.
#
#  1. Fresh install. A pristine bookworm root (debootstrap --variant=minbase)
#     from the mirror this machine's apt uses (the bookworm stanza of
#     /etc/apt/sources.list.d/debian.sources, which the root also gets), then
#     `apt-get install ./Auskunft_*.deb`: apt pulls WebKitGTK and the rest
#     from the mirror. As an ordinary user with the default data folder:
#     `auskunft ask "hund anmelden"` answers from
#     /usr/share/auskunft/knowledge-base; `auskunft config show` names the
#     centre's /etc/auskunft/settings.toml and the user's own file as the
#     layers the values came from; the installed window starts under Xvfb
#     and answers a search in its search box (e2e/package.test.mjs,
#     screenshot target/e2e-screenshots/install-01-answer.png).
#  2. Remove, upgrade, purge. `apt-get remove` leaves the users' data
#     folders, /etc/auskunft and the delivery service's /var/lib/auskunft
#     byte for byte; a "previous" package is installed, calls are logged with
#     the CLI, the package is upgraded with `apt-get install ./…deb`, and the
#     same calls (count, ids, contents) are found; `apt-get purge` removes the
#     package and the delivery service's /var/lib/auskunft (packaging/postrm.sh)
#     and leaves the users' data folders and /etc/auskunft alone (dpkg never
#     touches users' homes; /etc/auskunft/settings.toml is the centre's own
#     file, not a conffile of the package).
#
# Limitation of 2: the previous package is this package under a lower
# version (dpkg-deb: unpack, set Version to <version>~previous, repack).
# Building an older release from git would double the slow release build in
# CI. Both versions hold the same binaries, so this shows that apt upgrades
# the package in place and the users' data survives it, not that one
# release's store opens in the next: migrations across releases are the
# Rust migration tests' job (figures_migration, the store's migration tests).
#
# Why a chroot: debootstrap needs nothing but root and the mirror, works on
# this machine and in CI, and there is no container runtime. A chroot shares
# the host's network, so the host's node drives the window through a
# loopback port, and the desk reaches portal-sim on the host's loopback.
# Why the window's drivers run inside the root: the desk and WebKitWebDriver
# must load the root's libraries (the ones apt installed for the package),
# so Xvfb, WebKitWebDriver (webkit2gtk-driver from the mirror) and
# tauri-driver (its binary copied from ~/.cargo/bin: it needs only glibc)
# run in the root as an ordinary user; only node and selenium stay outside.
# Xvfb picks its own free display (-displayfd): the abstract X socket names
# are shared with the host, where other Xvfb servers may be running.
#
# The pristine root is cached as a tarball in /var/cache/auskunft-test
# ($AUSKUNFT_TEST_CACHE) and made again when it is 14 days old or the mirror
# changed; every run unpacks a fresh copy, so nothing of one run reaches the
# next. On exit, success or not, processes still running inside the root
# are ended, its mounts (proc, sys, a tmpfs on /dev/shm) are unmounted, and
# the root is deleted only once nothing is mounted in it (AUSKUNFT_KEEP_ROOT=1
# keeps it for a look, until the next run). A run killed outright leaves its
# root behind; the next run finds it (its run.pid is gone) and takes it down
# the same way. debootstrap's and apt's output: target/package-install-check.log;
# the window drivers': target/package-install-check-driver.log.
#
# Usage: scripts/package-install-check.sh PATH.deb   (as root; scripts/setup.sh
# installs debootstrap)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
repo=$PWD
started=$SECONDS
where="start"
log="$repo/target/package-install-check.log"
driver_log="$repo/target/package-install-check-driver.log"
scratch=()    # folders to take down on exit: roots with mounts and processes
portal_pid="" # portal-sim on the host, for the CLI's handoff
problems=()   # failures that let the remaining checks run first

fail() {
  echo "package install check: $where: $*" >&2
  exit 1
}
phase() {
  where=$1
  printf '[%3ss] %s\n' "$((SECONDS - started))" "$1"
}

# --- Taking a root down (the EXIT trap) --------------------------------------

# Mount points at or below $1, deepest first.
mounts_below() {
  findmnt -rn -o TARGET | awk -v d="$1" 'index($0, d "/") == 1 || $0 == d' | sort -r
}

# Ends the processes whose root directory is $1 or below it: only ones this
# script started inside its root (the desk, WebKitWebDriver, Xvfb,
# tauri-driver, or debootstrap's own), each by its id.
stop_processes_in() {
  local dir=$1 p r round pids
  for round in 1 2 3 4 5 6 7 8 9 10 11 12; do
    pids=()
    for p in /proc/[0-9]*; do
      r=$(readlink "$p/root" 2>/dev/null) || continue
      if [ "$r" = "$dir" ] || [[ $r == "$dir"/* ]]; then pids+=("${p#/proc/}"); fi
    done
    [ ${#pids[@]} -gt 0 ] || return 0
    if [ "$round" -eq 1 ]; then
      echo "package install check: ending what still runs in $dir:" \
        "$(for p in "${pids[@]}"; do printf '%s(%s) ' "$p" "$(cat "/proc/$p/comm" 2>/dev/null)"; done)" >&2
      kill -TERM "${pids[@]}" 2>/dev/null || true
    elif [ "$round" -eq 11 ]; then
      echo "package install check: killing what ignored SIGTERM in $dir: ${pids[*]}" >&2
      kill -KILL "${pids[@]}" 2>/dev/null || true
    fi
    sleep 0.5
  done
  echo "package install check: processes still running in $dir: ${pids[*]}" >&2
  return 1
}

# Stops processes in $1, unmounts everything below it, then deletes it; never
# deletes while something is still mounted there. Returns 1 on any trouble.
release() {
  local dir=$1 target left status=0
  [ -d "$dir" ] || return 0
  stop_processes_in "$dir" || status=1
  while read -r target; do
    [ -n "$target" ] || continue
    if ! umount "$target" 2>/dev/null; then
      sleep 1
      if ! umount "$target"; then
        echo "package install check: $target was busy; detached it lazily" >&2
        umount -l "$target" || true
        status=1
      fi
    fi
  done < <(mounts_below "$dir")
  left=$(mounts_below "$dir")
  if [ -n "$left" ]; then
    echo "package install check: still mounted, so $dir was NOT deleted: $left" >&2
    return 1
  fi
  if [ "${AUSKUNFT_KEEP_ROOT:-}" = 1 ]; then
    echo "package install check: kept $dir (AUSKUNFT_KEEP_ROOT=1)"
  else
    rm -rf --one-file-system "$dir"
  fi
  return "$status"
}

cleanup() {
  local status=$? dir
  set +e
  trap - EXIT INT TERM
  if [ -n "$portal_pid" ]; then kill "$portal_pid" 2>/dev/null || true; fi
  for dir in "${scratch[@]}"; do release "$dir" || status=1; done
  if [ "$status" -ne 0 ]; then
    echo "package install check: FAILED in '$where' after $((SECONDS - started)) s" \
      "(apt/debootstrap: $log; window drivers: $driver_log)" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Inputs -----------------------------------------------------------------

deb_arg="${1:?usage: scripts/package-install-check.sh PATH.deb}"
[ "$(id -u)" -eq 0 ] || fail "must run as root (debootstrap, chroot and mount need it)"
for tool in debootstrap chroot findmnt flock dpkg-deb node ss; do
  command -v "$tool" >/dev/null || fail "$tool not found (scripts/setup.sh installs what is missing)"
done
[ -f "$deb_arg" ] || fail "no such package: $deb_arg"
deb=$(realpath "$deb_arg")
deb_name=$(basename "$deb")
pkg=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
tauri_driver=$(command -v tauri-driver) || fail "tauri-driver not found (scripts/setup.sh installs it)"
[ -d e2e/node_modules/selenium-webdriver ] || fail "e2e/node_modules is missing: run scripts/setup.sh"
mkdir -p target
: >"$log"
: >"$driver_log"
portal_sim="$repo/target/debug/portal-sim"
if [ ! -x "$portal_sim" ]; then
  phase "building portal-sim (the window test's portal)"
  cargo build -j2 -p portal-sim >>"$log" 2>&1 || fail "cargo build -p portal-sim failed (see $log)"
fi

sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || fail "$sources not found: the root's mirror is taken from it"
# The URIs of the stanza whose Suites has plain "bookworm" (not -security).
mirror=$(awk 'BEGIN { RS = "" }
  /(^|\n)Suites:[^\n]*[ \t]bookworm([ \t\n]|$)/ {
    if (match($0, /URIs:[ \t]*[^ \t\n]+/)) { u = substr($0, RSTART, RLENGTH); sub(/URIs:[ \t]*/, "", u); print u; exit }
  }' "$sources")
[ -n "$mirror" ] || fail "no stanza with Suites: bookworm and URIs: in $sources"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || fail "$keyring not found (package debian-archive-keyring)"
echo "package install check: $pkg $version from $deb into a clean Debian 12 root from $mirror"

# --- The pristine root, cached ------------------------------------------------

cache_dir="${AUSKUNFT_TEST_CACHE:-/var/cache/auskunft-test}"
mkdir -p "$cache_dir"
key=$(printf 'bookworm minbase amd64 %s' "$mirror" | sha256sum | cut -c1-12)
tarball="$cache_dir/debian12-minbase-amd64-$key.tar.gz"
exec 9>"$cache_dir/lock"
flock 9 # one run at a time makes the tarball; others wait and reuse it
if [ -f "$tarball" ] && [ -n "$(find "$tarball" -mtime +14)" ]; then
  echo "package install check: $tarball is older than 14 days; making it again"
  rm -f "$tarball"
fi
# With the lock held, a debootstrap folder here is one a killed run left.
for old in "$cache_dir"/debootstrap.*; do
  [ -d "$old" ] || continue
  echo "package install check: taking down $old, left by a run that ended without cleaning up"
  release "$old" || fail "could not take down $old"
done
if [ ! -f "$tarball" ]; then
  phase "debootstrap: a pristine Debian 12 (bookworm, minbase) root from $mirror"
  fresh=$(mktemp -d "$cache_dir/debootstrap.XXXXXX")
  scratch+=("$fresh")
  debootstrap --variant=minbase --arch=amd64 --keyring="$keyring" bookworm "$fresh/root" "$mirror" >>"$log" 2>&1 ||
    fail "debootstrap of bookworm from $mirror failed (see $log)"
  [ -z "$(mounts_below "$fresh")" ] || fail "debootstrap left mounts below $fresh"
  tar -C "$fresh/root" --numeric-owner --xattrs --xattrs-include='*' -czf "$fresh/root.tar.gz" . ||
    fail "could not pack $fresh/root"
  mv "$fresh/root.tar.gz" "$tarball"
  echo "package install check: cached the pristine root as $tarball ($(du -h "$tarball" | cut -f1))"
fi
flock -u 9

# A run that was killed (SIGKILL, a lost machine) could not take its root
# down: do it now for every root whose run is gone (each holds its run's pid).
for old in "$repo"/target/install-check.*; do
  [ -d "$old" ] || continue
  owner=$(cat "$old/run.pid" 2>/dev/null || true)
  if [ -n "$owner" ] && [ -r "/proc/$owner/cmdline" ] && grep -q package-install-check "/proc/$owner/cmdline"; then
    continue # another run's, still going
  fi
  echo "package install check: taking down $old, left by a run that ended without cleaning up"
  release "$old" || fail "could not take down $old"
done

phase "root: a fresh copy of the pristine root, mounts, apt sources as on this machine"
work=$(mktemp -d "$repo/target/install-check.XXXXXX")
echo "$$" >"$work/run.pid"
# Paths are matched literally against findmnt's and /proc's output.
[[ $work =~ ^[A-Za-z0-9/._-]+$ ]] || fail "the work folder's path $work has characters this script does not handle"
scratch+=("$work")
root="$work/root"
mkdir "$root"
tar -C "$root" --numeric-owner --xattrs --xattrs-include='*' -xpzf "$tarball" || fail "could not unpack $tarball"
mount -t proc proc "$root/proc"
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm" # WebKit's shared memory
touch "$work/started"

rm -f "$root/etc/apt/sources.list"
cp "$sources" "$root/etc/apt/sources.list.d/debian.sources"
# This machine's apt may accept an old mirror snapshot's Release files; so must the root's.
apt-config dump | grep -E '^Acquire::Check-(Valid-Until|Date) ' >"$root/etc/apt/apt.conf.d/99host-mirror" || true
cat /etc/resolv.conf >"$root/etc/resolv.conf"
# No services start inside the root (there is no init there).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

# A command in the root as root, with a clean environment (nothing of the
# host's AUSKUNFT_* reaches it).
in_root() {
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
# A command in the root as the ordinary user $1 (home /home/$1).
as_user() {
  local user=$1
  shift
  chroot "$root" /usr/bin/setpriv --reuid="$user" --regid="$user" --init-groups \
    /usr/bin/env -i HOME="/home/$user" USER="$user" LOGNAME="$user" PATH=/usr/local/bin:/usr/bin:/bin \
    LANG=C.UTF-8 "$@"
}
# apt-get in the root; its output goes to the log and into $apt_out.
apt_out=""
apt_root() {
  local status=0
  apt_out=$(in_root apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends "$@" 2>&1) || status=$?
  printf '\n$ apt-get %s\n%s\n' "$*" "$apt_out" >>"$log"
  [ "$status" -eq 0 ] || fail "apt-get $* failed in the root: $(tail -n 8 <<<"$apt_out")"
}
# sha256 of every file below the given root-relative paths, sorted.
manifest() {
  local p
  for p in "$@"; do [ -e "$root/$p" ] || fail "/$p does not exist in the root"; done
  (cd "$root" && find "$@" -type f -print0 | sort -z | xargs -0 sha256sum)
}
# Fails unless the package is installed in version $1.
expect_installed() {
  local status
  # shellcheck disable=SC2016 # dpkg-query's format, not the shell's
  status=$(in_root dpkg-query -W -f='${Status} ${Version}' "$pkg" 2>&1) || true
  [ "$status" = "install ok installed $1" ] || fail "dpkg says '$status', expected $pkg $1 installed"
}

apt_root update
in_root useradd -m -s /bin/sh desk || fail "useradd desk"
in_root useradd -m -s /bin/sh paula || fail "useradd paula"

# --- 1. Fresh install ------------------------------------------------------------

phase "install: apt-get install ./$deb_name into the clean root"
cp "$deb" "$root/tmp/$deb_name"
apt_root install "/tmp/$deb_name"
expect_installed "$version"
echo "  installed; apt set up $(grep -c '^Setting up ' <<<"$apt_out") packages"
# The package's Depends must bring every library its programs load.
for bin in /usr/bin/auskunft /usr/bin/auskunft-desk; do
  libs=$(in_root ldd "$bin" 2>&1) || fail "ldd $bin failed: $libs"
  if grep -q "not found" <<<"$libs"; then
    fail "$bin needs libraries the package's Depends did not bring: $(grep 'not found' <<<"$libs" | tr -s ' \t\n' ' ')"
  fi
done

phase "CLI: auskunft ask \"hund anmelden\" as a user, from the packaged knowledge base"
kb=/usr/share/auskunft/knowledge-base
answer=$(as_user desk auskunft ask "hund anmelden" 2>&1) || fail "auskunft ask failed: $answer"
first=$(head -n 1 <<<"$answer")
[[ $first == "Hund anmelden"*"(hund-anmelden)" ]] || fail "the answer is not the dog registration entry: $first"
# The summary it prints is the one in the installed entry's file.
summary=$(sed -n 's/^summary = "\(.*\)"$/\1/p' "$root$kb/services/hund-anmelden.md")
[ -n "$summary" ] || fail "no summary line in $kb/services/hund-anmelden.md"
grep -qxF "$summary" <<<"$answer" || fail "the answer does not carry the summary of $kb/services/hund-anmelden.md: $answer"
echo "  ask: $first"

phase "CLI: auskunft config show, centre file and user file"
mkdir -p "$root/etc/auskunft"
printf 'retention_days = 30\n\n[portal]\nurl = "https://portal.example"\n' >"$root/etc/auskunft/settings.toml"
data=/home/desk/.local/share/auskunft
as_user desk sh -c "mkdir -p $data && printf 'agent = \"Dora Desk\"\nretention_days = 60\n' >$data/settings.toml" ||
  fail "could not write the user's settings file $data/settings.toml"
shown=$(as_user desk auskunft config show 2>&1) || fail "auskunft config show failed: $shown"
expect_line() { grep -qxF -- "$1" <<<"$shown" || fail "config show lacks the line '$1'; it printed: $shown"; }
expect_line "data_folder = $data"
expect_line "retention_days = 30    # centre file /etc/auskunft/settings.toml" # the centre's value wins
expect_line "portal.url = https://portal.example/    # centre file /etc/auskunft/settings.toml"
expect_line "agent = Dora Desk    # user file $data/settings.toml"
grep -q "^knowledge_base_folder = $kb " <<<"$shown" || fail "config show does not name $kb: $shown"
echo "  config show: centre file and user file reported as layers"

phase "portal: the CLI hands an application to portal-sim on the host's loopback"
# The portal client (reqwest with rustls) loads the system's CA store when it
# starts, even for an http:// portal, and fails without one: the package
# must bring ca-certificates. apt's default (recommends on) pulls it in by
# chance; an install without recommends, as here and on many managed desks,
# does not.
"$portal_sim" --listen 127.0.0.1:0 --token install-check-token >"$work/portal.out" 2>>"$log" &
portal_pid=$!
portal_url=""
for _ in $(seq 1 100); do
  portal_url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$work/portal.out")
  [ -z "$portal_url" ] || break
  kill -0 "$portal_pid" 2>/dev/null || fail "portal-sim ended at once (see $log)"
  sleep 0.1
done
[ -n "$portal_url" ] || fail "portal-sim did not say where it listens"
handoff=$(as_user desk env AUSKUNFT_PORTAL_URL="$portal_url" AUSKUNFT_PORTAL_TOKEN=install-check-token \
  AUSKUNFT_DATA=/home/desk/portal-check sh -c 'auskunft handoff example kfz-abmeldung >/tmp/kfz-abmeldung.json &&
    auskunft handoff submit kfz-abmeldung /tmp/kfz-abmeldung.json && auskunft handoff deliver --until-empty' 2>&1) || true
kill "$portal_pid" 2>/dev/null || true
portal_pid=""
if grep -qE '^delivered [0-9]+ MB-' <<<"$handoff"; then
  echo "  portal: $(grep -E '^delivered [0-9]+ MB-' <<<"$handoff")"
elif ! in_root test -s /etc/ssl/certs/ca-certificates.crt; then
  problems+=("the portal client cannot start in a clean root without a CA store ($(tail -n 1 <<<"$handoff")):
  the package must depend on ca-certificates (\"depends\": [\"ca-certificates\"] in bundle.linux.deb of src-tauri/tauri.conf.json)")
  echo "  portal: FAILED, no CA store in the root (reported at the end)"
else
  fail "the CLI did not deliver an application to portal-sim at $portal_url: $handoff"
fi

phase "window: Xvfb, WebKitWebDriver and tauri-driver in the root, driven by e2e/package.test.mjs"
apt_root install xvfb webkit2gtk-driver
install -m 0755 "$tauri_driver" "$root/usr/local/bin/tauri-driver"
install -d -m 1777 "$root/tmp/.X11-unix" # as systemd-tmpfiles makes it; Xvfb as a user cannot
# Inside the root: a virtual display, then tauri-driver on it with the
# harness's arguments. Both end with this script (SIGTERM from the harness).
cat >"$root/usr/local/bin/auskunft-test-driver" <<'EOF'
#!/bin/sh
# Written by scripts/package-install-check.sh: Xvfb on a display it picks
# itself, then tauri-driver "$@" on it; ending this script ends both.
set -eu
dfile=$(mktemp)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$dfile" &
xvfb=$!
driver=""
stop() {
  if [ -n "$driver" ]; then kill "$driver" 2>/dev/null || true; fi
  kill "$xvfb" 2>/dev/null || true
  rm -f "$dfile"
}
trap stop EXIT
trap 'exit 143' TERM INT
i=0
while [ ! -s "$dfile" ]; do
  i=$((i + 1))
  if [ "$i" -gt 100 ]; then echo "Xvfb did not start" >&2; exit 1; fi
  sleep 0.1
done
DISPLAY=":$(head -n 1 "$dfile")"
export DISPLAY
echo "Xvfb on $DISPLAY"
tauri-driver "$@" &
driver=$!
wait "$driver"
EOF
chmod 0755 "$root/usr/local/bin/auskunft-test-driver"
# The harness starts this as its TAURI_DRIVER. Output goes to a log file, not
# to the test's pipes: a process left behind must not keep node waiting.
# The desk runs as paula with her default data folder (the harness's
# AUSKUNFT_DATA names a host folder and is not passed on); the portal's
# address and token are portal-sim's on the host's loopback.
cat >"$work/driver.sh" <<EOF
#!/usr/bin/env bash
exec >>$(printf %q "$driver_log") 2>&1
exec chroot $(printf %q "$root") /usr/bin/setpriv --reuid=paula --regid=paula --init-groups \\
  /usr/bin/env -i HOME=/home/paula USER=paula LOGNAME=paula PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \\
  AUSKUNFT_PORTAL_URL="\$AUSKUNFT_PORTAL_URL" AUSKUNFT_PORTAL_TOKEN="\$AUSKUNFT_PORTAL_TOKEN" \\
  /usr/local/bin/auskunft-test-driver "\$@"
EOF
chmod 0755 "$work/driver.sh"
# A free pair of ports (tauri-driver's and WebKitWebDriver's); the e2e suite
# of another run may hold 4444.
port=""
for p in $(seq 4480 2 4598); do
  if [ -z "$(ss -Hltn "( sport = :$p or sport = :$((p + 1)) )")" ]; then
    port=$p
    break
  fi
done
[ -n "$port" ] || fail "no free pair of ports between 4480 and 4599 for the drivers"
shot="$repo/target/e2e-screenshots/install-01-answer.png"
E2E_PACKAGED=1 AUSKUNFT_DESK_BIN=/usr/bin/auskunft-desk TAURI_DRIVER="$work/driver.sh" \
  E2E_DRIVER_PORT="$port" E2E_SCREENSHOT_PREFIX=install PORTAL_SIM_BIN="$portal_sim" \
  timeout 300 node --test --test-concurrency=1 --test-reporter=spec e2e/package.test.mjs ||
  fail "the installed window failed e2e/package.test.mjs (drivers' output: $driver_log)"
# It was the root's desk that ran: it remembered the sign-in in paula's
# default data folder inside the root.
grep -qx 'agent = "Paula Paket"' "$root/home/paula/.local/share/auskunft/settings.toml" 2>/dev/null ||
  fail "the window's sign-in is not in /home/paula/.local/share/auskunft/settings.toml inside the root"
[ "$shot" -nt "$work/started" ] || fail "no new screenshot $shot"
echo "  window: search box answered; screenshot $shot"

# --- 2. Remove, upgrade, purge -----------------------------------------------------

# The delivery service's state folder, as the unit's AUSKUNFT_DATA makes it.
in_root mkdir -p /var/lib/auskunft
out=$(in_root env AUSKUNFT_DATA=/var/lib/auskunft auskunft handoff list 2>&1) || fail "auskunft handoff list in /var/lib/auskunft failed: $out"
kept=(home/desk/.local/share/auskunft home/paula/.local/share/auskunft etc/auskunft var/lib/auskunft)

phase "remove: apt-get remove keeps the users' data, /etc/auskunft and /var/lib/auskunft"
before=$(manifest "${kept[@]}")
apt_root remove "$pkg"
[ ! -e "$root/usr/bin/auskunft-desk" ] || fail "/usr/bin/auskunft-desk is still there after apt-get remove"
after=$(manifest "${kept[@]}")
[ "$before" = "$after" ] || fail "apt-get remove changed kept files: $(diff <(echo "$before") <(echo "$after") | head -n 20)"
echo "  removed; the $(wc -l <<<"$after") files below /${kept[0]}, /${kept[1]}, /${kept[2]} and /${kept[3]} unchanged"

phase "upgrade: the previous package, calls logged, apt-get install ./$deb_name over it"
previous="${version}~previous"
dpkg --compare-versions "$previous" lt "$version" || fail "$previous does not sort below $version"
dpkg-deb -R "$deb" "$work/previous"
sed -i "s/^Version: .*/Version: $previous/" "$work/previous/DEBIAN/control"
previous_deb="${pkg}_${previous}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip -z1 -b "$work/previous" "$root/tmp/$previous_deb" >>"$log" ||
  fail "dpkg-deb could not build the previous package"
[ "$(dpkg-deb -f "$root/tmp/$previous_deb" Version)" = "$previous" ] || fail "the previous package's version is not $previous"
apt_root install "/tmp/$previous_deb"
expect_installed "$previous"
# Fourteen days always hold service hours (weekends and holidays have none).
seeded=$(as_user desk auskunft demo seed --calls 12 --days 14 2>&1) || fail "auskunft demo seed failed: $seeded"
calls_before=$(as_user desk auskunft calls list --limit 1000 2>&1) || fail "auskunft calls list failed: $calls_before"
[ "$(wc -l <<<"$calls_before")" -eq 12 ] || fail "12 calls seeded, calls list shows: $calls_before"
apt_root install "/tmp/$deb_name"
grep -qF "Unpacking $pkg ($version) over ($previous)" <<<"$apt_out" || fail "apt did not upgrade $previous to $version: $apt_out"
expect_installed "$version"
calls_after=$(as_user desk auskunft calls list --limit 1000 2>&1) || fail "auskunft calls list after the upgrade failed: $calls_after"
[ "$calls_before" = "$calls_after" ] ||
  fail "the calls differ after the upgrade: $(diff <(echo "$calls_before") <(echo "$calls_after") | head -n 20)"
echo "  upgraded $previous -> $version; the 12 calls (ids $(cut -f 1 <<<"$calls_after" | sort -n | paste -sd ' ')) are still there"

phase "purge: apt-get purge removes the package and /var/lib/auskunft, keeps the users' data and /etc/auskunft"
kept=(home/desk/.local/share/auskunft home/paula/.local/share/auskunft etc/auskunft)
[ -d "$root/var/lib/auskunft" ] || fail "/var/lib/auskunft is missing before the purge"
before=$(manifest "${kept[@]}")
apt_root purge "$pkg"
# shellcheck disable=SC2016 # dpkg-query's format, not the shell's
status=$(in_root dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) || true
case "$status" in "" | *not-installed) ;; *) fail "dpkg still knows $pkg after purge: $status" ;; esac
[ ! -e "$root/usr/share/auskunft" ] || fail "/usr/share/auskunft is still there after apt-get purge"
[ ! -e "$root/var/lib/auskunft" ] || fail "/var/lib/auskunft is still there after apt-get purge (packaging/postrm.sh)"
after=$(manifest "${kept[@]}")
[ "$before" = "$after" ] || fail "apt-get purge changed kept files: $(diff <(echo "$before") <(echo "$after") | head -n 20)"
echo "  purged with /var/lib/auskunft; the users' data and /etc/auskunft unchanged"

where="end"
if [ ${#problems[@]} -gt 0 ]; then
  printf 'package install check: %s\n' "${problems[@]}" >&2
  fail "${#problems[@]} check(s) failed (above); all others passed"
fi
where="done"
echo "package install check: passed in $((SECONDS - started)) s"
