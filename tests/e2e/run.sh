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

cargo build -p crm-desk -p crm-admin
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
# Printing goes to stand-ins of CUPS's lp/lpstat: lp keeps each job in $DATA/printed.
export CRM_CUPS_BIN_DIR="$DATA/cups-bin"
mkdir -p "$CRM_CUPS_BIN_DIR" "$DATA/printed"
cat > "$CRM_CUPS_BIN_DIR/lpstat" <<'SH'
#!/bin/sh
echo 'printer Front_Desk is idle.  enabled since Tue 01 Dec 2026 09:00:00 AM CST'
echo 'printer Office_A4 is idle.  enabled since Tue 01 Dec 2026 09:00:00 AM CST'
echo 'system default destination: Office_A4'
SH
cat > "$CRM_CUPS_BIN_DIR/lp" <<SH
#!/bin/sh
n=\$(ls "$DATA/printed" | grep -c '\.pdf\$')
n=\$((n + 1))
: > "$DATA/printed/job\$n.args"
for a in "\$@"; do printf '%s\\n' "\$a" >> "$DATA/printed/job\$n.args"; last="\$a"; done
cp "\$last" "$DATA/printed/job\$n.pdf"
dest=\$(sed -n '/^-d\$/{n;p;}' "$DATA/printed/job\$n.args")
echo "request id is \${dest:-Office_A4}-\$n (1 file(s))"
SH
chmod +x "$CRM_CUPS_BIN_DIR/lp" "$CRM_CUPS_BIN_DIR/lpstat"

# The company update feed: a manifest of 9.9.0 on 127.0.0.1, signed with the tests' key
# (tests/fixtures/updater; debug builds take CRM_UPDATE_PUBKEY).
UPD_PORT=${CRM_E2E_UPDATE_PORT:-47831}
mkdir -p "$DATA/updates"
cp tests/fixtures/updater/crm-desk_9.9.0_amd64.deb "$DATA/updates/"
sed "s#@BASE@#http://127.0.0.1:$UPD_PORT#" tests/fixtures/updater/latest.json.in > "$DATA/updates/latest.json"
python3 -m http.server "$UPD_PORT" --bind 127.0.0.1 --directory "$DATA/updates" >"$TARGET/update-server.log" 2>&1 &
PIDS+=($!)
export CRM_UPDATE_FEED="http://127.0.0.1:$UPD_PORT/latest.json"
CRM_UPDATE_PUBKEY=$(cat tests/fixtures/updater/test-only.key.pub)
export CRM_UPDATE_PUBKEY
export E2E_PRINTED="$DATA/printed"

mkdir -p "$DATA/tmp"
TMPDIR="$DATA/tmp" tauri-driver --port 4444 >"$TARGET/tauri-driver.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do
  curl -s http://127.0.0.1:4444/status >/dev/null 2>&1 && break
  sleep 0.2
done

node --test --test-reporter=spec tests/e2e/
echo "screenshots: $E2E_SHOTS"
