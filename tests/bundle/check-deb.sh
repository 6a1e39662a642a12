#!/usr/bin/env bash
# The .deb check: install the package built by `bash dev.sh bundle` on this machine,
# start /usr/bin/crm-desk under Xvfb with an empty data folder, wait for the first-run
# screen to be interactive (the app logs it), take a screenshot, and remove the package.
# Needs root (or sudo), Xvfb and imagemagick. Run: bash tests/bundle/check-deb.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
DEB=$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)
[ -n "$DEB" ] || { echo "no .deb under target/release/bundle/deb: run bash dev.sh bundle first" >&2; exit 1; }
OUT=target/bundle-check
mkdir -p "$OUT"
PKG=$(dpkg-deb -f "$DEB" Package)
echo "==> $DEB ($(du -h "$DEB" | cut -f1)), package $PKG"
dpkg-deb -f "$DEB" Version Depends Section Description | sed 's/^/    /'

echo "==> dpkg -i"
$SUDO dpkg -i "$DEB" || { $SUDO apt-get install -y -f -qq && $SUDO dpkg -i "$DEB"; }
test -x /usr/bin/crm-desk
DESKTOP=$(dpkg -L "$PKG" | grep '\.desktop$' | head -1)
echo "    desktop entry: $DESKTOP"
grep -q '^Name=CRM Desk' "$DESKTOP"
grep -q '^Exec=crm-desk' "$DESKTOP"
echo "    installed binary: $(du -h /usr/bin/crm-desk | cut -f1)"

DATA=$(mktemp -d)
cleanup() {
  [ -n "${APP:-}" ] && kill "$APP" 2>/dev/null || true
  [ -n "${XVFB:-}" ] && kill "$XVFB" 2>/dev/null || true
}
trap cleanup EXIT
Xvfb :97 -screen 0 1400x900x24 >/dev/null 2>&1 &
XVFB=$!
sleep 1
echo "==> /usr/bin/crm-desk with an empty data folder ($DATA)"
DISPLAY=:97 WEBKIT_DISABLE_COMPOSITING_MODE=1 CRM_DESK_DATA_DIR="$DATA" /usr/bin/crm-desk >"$OUT/app.log" 2>&1 &
APP=$!
for _ in $(seq 1 120); do
  grep -qs 'interactive' "$DATA"/logs/crm-desk* 2>/dev/null && break
  sleep 0.5
done
grep -h 'interactive' "$DATA"/logs/crm-desk* | tail -1
sleep 1
DISPLAY=:97 import -window root "$OUT/first-run.png"
echo "    screenshot: $OUT/first-run.png"
kill "$APP"; wait "$APP" 2>/dev/null || true
APP=""

echo "==> dpkg -r"
$SUDO dpkg -r "$PKG"
test ! -e /usr/bin/crm-desk
! dpkg -s "$PKG" 2>/dev/null | grep -q '^Status: install ok installed'
echo "==> the .deb installs, starts to the first-run screen and uninstalls cleanly"
