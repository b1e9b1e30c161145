#!/usr/bin/env bash
# Installs what building and testing the desk needs, and only what is
# missing: Debian packages, tauri-driver, npm packages. Idempotent; fine as
# root. Prints everything it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# System packages for Tauri/WebKitGTK, the virtual display and WebDriver,
# and PostgreSQL.
# sqlite3: the e2e suite holds the desk's SQLite file locked from outside.
# postgresql: the server binaries for the centre store's tests (they start a
# cluster of their own; the package's default cluster is not used).
# debootstrap: the clean Debian 12 root that scripts/package-install-check.sh
# installs the .deb into (the root itself is made on first use and cached in
# /var/cache/auskunft-test).
PACKAGES=(build-essential pkg-config libwebkit2gtk-4.1-dev xvfb xauth fonts-dejavu-core webkit2gtk-driver postgresql sqlite3
  debootstrap)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  say "Debian packages present: ${PACKAGES[*]}"
fi

# Toolchains this project expects on the machine.
command -v cargo >/dev/null || { echo "setup: cargo not found: install Rust with rustup first" >&2; exit 1; }
command -v node >/dev/null || { echo "setup: node not found: install Node.js 20.19 or newer" >&2; exit 1; }
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "setup: Node.js $(node --version) is too old; Vite 8 needs 20.19 or newer" >&2; exit 1; }

# tauri-driver: the WebDriver bridge for the e2e tests (never the 3.x alphas).
if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  say "installing tauri-driver ^2 with cargo"
  cargo install tauri-driver --locked --version '^2'
else
  say "tauri-driver present"
fi

# npm packages, exactly as locked.
for dir in ui e2e; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages in $dir/ (npm ci)"
    npm ci --prefix "$dir" --no-fund --no-audit
  else
    say "npm packages in $dir/ up to date"
  fi
done
