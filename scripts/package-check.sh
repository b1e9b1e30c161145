#!/usr/bin/env bash
# Checks a built .deb (scripts/package.sh): its control data, the files a
# desk needs, and then the programs it ships, unpacked into a scratch root:
# the CLI answers from the packaged knowledge base and reports layered
# settings, and the packaged window starts under Xvfb and answers a search
# (screenshot target/e2e-screenshots/package-01-answer.png).
set -euo pipefail
cd "$(dirname "$0")/.."
deb="${1:?usage: scripts/package-check.sh PATH.deb}"
fail() { echo "package check: $*" >&2; exit 1; }

depends=$(dpkg-deb -f "$deb" Depends)
echo "Package: $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version); Depends: $depends"
grep -q "libwebkit2gtk-4.1-0" <<<"$depends" || fail "Depends lacks libwebkit2gtk-4.1-0"

# Paths as "usr/…", whether the archive writes them with "./" or not.
listing=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./##')
for f in usr/bin/auskunft usr/bin/auskunft-desk \
  usr/share/auskunft/knowledge-base/services/hund-anmelden.md \
  usr/share/auskunft/knowledge-base/languages.toml \
  usr/share/auskunft/knowledge-base/abbreviations.toml \
  usr/share/auskunft/settings.example.toml \
  usr/lib/systemd/system/auskunft-delivery.service \
  usr/share/applications/Auskunft.desktop; do
  grep -qx "$f" <<<"$listing" || fail "$f is missing from $deb"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -t | sed 's#^\./##' | grep -qx "postinst" || fail "no postinst"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root/pkg"
mkdir -p "$root/data"
cli() { env -u AUSKUNFT_KB -u AUSKUNFT_DATABASE_URL -u AUSKUNFT_PORTAL_TOKEN -u AUSKUNFT_PORTAL_URL \
  AUSKUNFT_SYSTEM_SETTINGS="$root/centre.toml" "$root/pkg/usr/bin/auskunft" --data "$root/data" "$@"; }

answer=$(cli ask "hund anmelden")
grep -q "^Hund anmelden" <<<"$answer" || fail "the packaged CLI did not answer from its snapshot: $answer"
echo "ask: $(head -n 1 <<<"$answer")"

printf 'retention_days = 30\n[portal]\nurl = "https://portal.example"\ntoken = "pkg-s3cret"\n' > "$root/centre.toml"
shown=$(cli config show)
grep -q "^knowledge_base_folder = $root/pkg/usr/share/auskunft/knowledge-base" <<<"$shown" || fail "config show: $shown"
grep -q "^retention_days = 30    # centre file $root/centre.toml" <<<"$shown" || fail "config show: $shown"
if grep -q "pkg-s3cret" <<<"$shown"; then fail "config show printed the token"; fi
echo "config show: layered settings reported"

# The packaged window, driven like the e2e suite (the development KB is not given).
E2E_PACKAGED=1 AUSKUNFT_DESK_BIN="$root/pkg/usr/bin/auskunft-desk" \
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  node --test --test-concurrency=1 --test-reporter=spec e2e/package.test.mjs

# The release window's speed and memory, measured in the page: keystroke →
# results and Enter → answer painted (p50/p95 over 100 queries), PSS of the
# desk and its WebKit processes after start and after the run.
E2E_PACKAGED=1 AUSKUNFT_DESK_BIN="$root/pkg/usr/bin/auskunft-desk" \
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  node --test --test-concurrency=1 --test-reporter=spec e2e/bench.test.mjs
