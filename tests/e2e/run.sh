#!/usr/bin/env bash
# End-to-end tests: the real crm-desk binary under Xvfb, driven by tauri-driver +
# WebKitWebDriver, on an empty CRM_DESK_DATA_DIR. Screenshots: target/e2e-screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

command -v WebKitWebDriver >/dev/null || { echo "WebKitWebDriver missing (apt-get install webkit2gtk-driver)" >&2; exit 1; }
if ! command -v tauri-driver >/dev/null; then
  [ -x "$HOME/.cargo/bin/tauri-driver" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v tauri-driver >/dev/null; then
  echo "==> cargo install tauri-driver (2.x)"
  cargo install tauri-driver --version '^2' --locked
  export PATH="$HOME/.cargo/bin:$PATH"
fi

cargo build --bin crm-desk --bin crm-admin
export CRM_DESK_BIN="$TARGET/debug/crm-desk"

DATA=$(mktemp -d)
export CRM_DESK_DATA_DIR="$DATA"
export WEBKIT_DISABLE_COMPOSITING_MODE=1
# The native open dialog cannot be driven by WebDriver: the app returns this path instead.
export CRM_DESK_PICK_FILE="$DATA/pick/import.xlsx"
mkdir -p "$DATA/pick"
export E2E_SHOTS="$TARGET/e2e-screenshots"
rm -rf "$E2E_SHOTS"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$DATA"
}
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:97
  Xvfb "$DISPLAY" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  PIDS+=($!)
  sleep 1
fi

# The app writes "open in the system viewer" files to a private $TMPDIR/crm-desk-*: keep them in the run folder.
mkdir -p "$DATA/tmp"
TMPDIR="$DATA/tmp" tauri-driver --port 4444 >"$TARGET/tauri-driver.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do
  curl -s http://127.0.0.1:4444/status >/dev/null 2>&1 && break
  sleep 0.2
done

node --test --test-reporter=spec tests/e2e/
echo "screenshots: $E2E_SHOTS"
