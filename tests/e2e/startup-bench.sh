#!/usr/bin/env bash
# Start-up benchmark: time from process start to an interactive login form, release
# build, under Xvfb. Prints each run and the median / worst. Target: < 1.5 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET=${CARGO_TARGET_DIR:-$(pwd)/target}
RUNS=${RUNS:-10}

# CRM_BENCH_PREBUILT=1 times the binaries already in target/release (e.g. from
# `bash dev.sh bundle`) instead of building them.
if [ -z "${CRM_BENCH_PREBUILT:-}" ]; then
  (cd ui && npm run build --silent)
  cargo build --release -p crm-desk -p crm-admin
fi
BIN="$TARGET/release/crm-desk"

DATA=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$DATA"
}
trap cleanup EXIT
# A local database with an administrator, so the app opens on the login form.
echo 'Bench-pass1' | "$TARGET/release/crm-admin" --db "sqlite:$DATA/crm-desk.db" create-user --username admin --full-name Admin --dept 总公司 --role 系统管理员 >/dev/null
printf '{"active":0,"profiles":[{"kind":"local","path":null}],"lastUsername":"admin"}\n' >"$DATA/profiles.json"

if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:96
  Xvfb "$DISPLAY" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  PIDS+=($!)
  sleep 1
fi
export CRM_DESK_DATA_DIR="$DATA" WEBKIT_DISABLE_COMPOSITING_MODE=1 CRM_DESK_STARTUP_PROBE=1 CRM_LOG=warn

times=()
for i in $(seq 1 "$RUNS"); do
  t0=$(date +%s%3N)
  out=$(timeout 30 "$BIN" 2>/dev/null | grep -m1 STARTUP_READY || true)
  [ -n "$out" ] || { echo "run $i: the login form never became interactive" >&2; exit 1; }
  ready=$(sed -E 's/.*epoch_ms=([0-9]+).*/\1/' <<<"$out")
  ms=$((ready - t0))
  times+=("$ms")
  echo "run $i: $ms ms to an interactive login form ($(sed -E 's/.*(in_process_ms=[0-9]+).*/\1/' <<<"$out"))"
  sleep 0.3
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
n=${#sorted[@]}
echo "startup (release, Xvfb, $n runs): min ${sorted[0]} ms, median ${sorted[$((n / 2))]} ms, max ${sorted[$((n - 1))]} ms (target < 1500 ms)"
