#!/bin/sh
# Builds two dashboards (`report --format html`) and checks them in a real
# headless Chromium with tests/browser/dashboard.mjs: the example journal
# (this repository's journal/, as of its last day) and the hostile-text
# fixture (tests/fixtures/hostile/, its change on a branch, with --base).
#
#   tests/browser/run.sh [--docs DIR]
#
# Needs: target/release/pacenote (or $PACENOTE), git, node, chromium (or
# $CHROMIUM), and puppeteer-core and axe-core under target/browser (npm;
# .ci/run installs them). Screenshots go to target/browser/screenshots;
# with --docs DIR the example's desktop views also go to DIR.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${PACENOTE:-$root/target/release/pacenote}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Git as in the tests: fixed identities and dates, no user configuration.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=base GIT_AUTHOR_EMAIL=base@example.com
export GIT_COMMITTER_NAME=base GIT_COMMITTER_EMAIL=base@example.com

PACENOTE_TODAY=2026-11-24 "$bin" -C "$root" report --format html --as-of 2026-11-24 \
    --output "$work/example.html"

h=$work/hostile
mkdir "$h"
git -C "$h" init -q -b main
cp -R "$root/tests/fixtures/hostile/base/." "$h/"
git -C "$h" add -A
GIT_AUTHOR_DATE=2026-01-07T12:00:00Z GIT_COMMITTER_DATE=2026-01-07T12:00:00Z \
    git -C "$h" commit -q -m base
git -C "$h" checkout -q -b change
cp -R "$root/tests/fixtures/hostile/change/." "$h/"
# A file name is user text too (and this entry fails validation, so the
# name is listed under data quality).
printf 'date: 2026-01-10\nminutes: 0\nsummary: "</details> | zero"\n' \
    >"$h/journal/2026/01/10-x|y@octocat<b>.yaml"
git -C "$h" add -A
GIT_AUTHOR_NAME='@octocat <img>' GIT_AUTHOR_EMAIL=eve@example.com \
GIT_AUTHOR_DATE=2026-01-10T12:00:00Z GIT_COMMITTER_DATE=2026-01-10T12:00:00Z \
    git -C "$h" commit -q -m change
PACENOTE_TODAY=2026-01-10 "$bin" -C "$h" report --format html --base main \
    --as-of 2026-01-10 --output "$work/hostile.html"

ls -l "$work"/*.html
node "$root/tests/browser/dashboard.mjs" --modules "$root/target/browser/node_modules" \
    --out "$root/target/browser/screenshots" "$@" \
    example="$work/example.html" hostile="$work/hostile.html"

# The checks can fail: a page that loads an image and carries an inline
# style attribute and an event handler must be refused, with its policy (the
# browser blocks the image and reports the violation) and without it (the
# request is made, and caught).
spoil='s|<body>|<body><img alt="" src="http://127.0.0.1:9/pixel.png"><p style="color:red" onclick="x()">spoiled</p>|'
sed "$spoil" "$work/example.html" >"$work/spoiled.html"
sed -e "$spoil" -e '/Content-Security-Policy/d' "$work/example.html" >"$work/nocsp.html"
if node "$root/tests/browser/dashboard.mjs" --modules "$root/target/browser/node_modules" \
    --out "$work/shots" spoiled="$work/spoiled.html" nocsp="$work/nocsp.html" >"$work/spoiled.log" 2>&1; then
    cat "$work/spoiled.log"
    echo "the browser check passed a spoiled page" >&2
    exit 1
fi
for expected in \
    "spoiled (light, desktop): CSP violation: img-src blocked http://127.0.0.1:9/pixel.png" \
    "spoiled (dark, phone): event handler onclick on <p>" \
    "nocsp (light, desktop): requested image http://127.0.0.1:9/pixel.png" \
    "nocsp (light, desktop): style attribute on <p>" \
    "nocsp (light, desktop): no CSP forbidding everything by default"; do
    grep -qF "$expected" "$work/spoiled.log" || {
        cat "$work/spoiled.log"
        echo "the browser check did not report: $expected" >&2
        exit 1
    }
done
echo "the browser check refuses spoiled pages, as it should"
