#!/usr/bin/env bash
# CRM Desk developer entry point.
#   bash dev.sh run    install what is missing, build the UI, open the app (local SQLite)
#   bash dev.sh test   install what is missing, start MariaDB if needed, run every test
#   bash dev.sh bundle build the Linux packages (.deb, .rpm) in target/release/bundle
# Works on Debian/Ubuntu (apt-get); uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

log() { printf '\n==> %s\n' "$*"; }

APT_BUILD=(build-essential fonts-noto-cjk pkg-config curl file libssl-dev libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev)
APT_TEST=(sqlite3 python3 fonts-noto-cjk xvfb webkit2gtk-driver imagemagick poppler-utils qpdf mariadb-server mariadb-client)

apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

need_toolchains() {
  if ! command -v cargo >/dev/null 2>&1; then
    [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    echo "Rust (cargo 1.88+) is required: install it with rustup (https://rustup.rs) and re-run." >&2
    exit 1
  fi
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
}

# rustfmt and clippy for the gates (rustup installs them; a distro cargo ships them).
need_rust_gates() {
  if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    command -v rustup >/dev/null 2>&1 && rustup component add rustfmt clippy
  fi
}

build_ui() {
  log "UI: npm install + build"
  (cd ui && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run build --silent)
}

# Make sure a MariaDB/MySQL answers on 127.0.0.1:3306 for the tests, and export
# CRM_TEST_MYSQL_URL. Under CI=true failure is fatal; the tests never skip there.
ensure_mysql() {
  if [ -n "${CRM_TEST_MYSQL_URL:-}" ]; then return; fi
  if mariadb -h127.0.0.1 -P3306 -uroot -e 'SELECT 1' >/dev/null 2>&1; then
    export CRM_TEST_MYSQL_URL="mysql://root@127.0.0.1:3306"
    return
  fi
  if ! mariadb-admin ping >/dev/null 2>&1 && ! $SUDO mariadb-admin ping >/dev/null 2>&1; then
    log "starting MariaDB"
    if command -v systemctl >/dev/null 2>&1 && systemctl list-units >/dev/null 2>&1; then
      $SUDO systemctl start mariadb || true
    fi
    if ! $SUDO mariadb-admin ping >/dev/null 2>&1; then
      $SUDO mkdir -p /run/mysqld && $SUDO chown mysql:mysql /run/mysqld 2>/dev/null || true
      $SUDO start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql || $SUDO service mariadb start || true
    fi
    for _ in $(seq 1 60); do
      $SUDO mariadb-admin ping >/dev/null 2>&1 && break
      sleep 0.5
    done
  fi
  if mariadb -h127.0.0.1 -P3306 -uroot -e 'SELECT 1' >/dev/null 2>&1; then
    export CRM_TEST_MYSQL_URL="mysql://root@127.0.0.1:3306"
    return
  fi
  # A fresh Debian MariaDB authenticates root by unix socket only: add a test user that
  # may only create and use the scratch databases the tests make (crm_t_*).
  if $SUDO mariadb -e "CREATE USER IF NOT EXISTS 'crm_test'@'localhost'; CREATE USER IF NOT EXISTS 'crm_test'@'127.0.0.1'; GRANT ALL ON \`crm\\_t\\_%\`.* TO 'crm_test'@'localhost'; GRANT ALL ON \`crm\\_t\\_%\`.* TO 'crm_test'@'127.0.0.1'; FLUSH PRIVILEGES;" 2>/dev/null \
     && mariadb -h127.0.0.1 -P3306 -ucrm_test -e 'SELECT 1' >/dev/null 2>&1; then
    export CRM_TEST_MYSQL_URL="mysql://crm_test@127.0.0.1:3306"
    return
  fi
  if [ -n "${CI:-}" ]; then
    echo "FATAL: MariaDB/MySQL is not reachable on 127.0.0.1:3306 and CI is set; MySQL tests must not skip." >&2
    exit 1
  fi
  echo "WARNING: no MySQL on 127.0.0.1:3306; the MySQL half of each test will print SKIP." >&2
}

cmd_run() {
  apt_install "${APT_BUILD[@]}"
  need_toolchains
  build_ui
  log "starting CRM Desk (local SQLite in ${CRM_DESK_DATA_DIR:-the OS app-data folder})"
  cargo run --bin crm-desk
}

# How many database cases ran on each backend (tests/it's both! cases), so a local green
# run whose MySQL half was skipped says so.
tally_summary() {
  local f="${CRM_TEST_TALLY:-}"
  [ -f "$f" ] || { log "Database cases: no tally written"; return; }
  local sq my sk
  sq=$(grep -c '^sqlite ' "$f" || true)
  my=$(grep -c '^mysql ' "$f" || true)
  sk=$(grep -c '^mysql-skipped ' "$f" || true)
  log "Database cases run: SQLite $sq, MySQL $my, MySQL skipped $sk"
  if [ "$sk" != 0 ]; then
    echo "WARNING: $sk MySQL cases were skipped (no MySQL reachable); this run did not test MySQL" >&2
  fi
}

cmd_test() {
  apt_install "${APT_BUILD[@]}" "${APT_TEST[@]}"
  need_toolchains
  need_rust_gates
  ensure_mysql
  log "MySQL for tests: ${CRM_TEST_MYSQL_URL:-none}"
  log "Gates: cargo fmt --check"
  cargo fmt --all -- --check
  build_ui
  log "Gates: ESLint, Prettier, tsc"
  (cd ui && npm run --silent lint && npm run --silent format:check && npm run --silent typecheck)
  log "UI tests (vitest)"
  (cd ui && npm test --silent)
  log "Gates: cargo clippy -D warnings"
  cargo clippy --workspace --all-targets -- -D warnings
  log "Rust tests (SQLite and MySQL): one integration binary, unit tests, bench smoke runs"
  # A file outside the target directory (CI may keep that elsewhere).
  CRM_TEST_TALLY=$(mktemp "${TMPDIR:-/tmp}/crm-test-tally.XXXXXX")
  export CRM_TEST_TALLY
  # The app and crm-admin (its own package) first: the CLI tests run crm-admin, the
  # end-to-end tests both; built once here, with the features they ship with.
  log "Build crm-desk and crm-admin"
  cargo build -p crm-desk -p crm-admin
  export CRM_ADMIN_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/crm-admin"
  local status=0
  cargo test --workspace --lib --test '*' --benches || status=$?
  tally_summary
  rm -f "$CRM_TEST_TALLY"
  [ "$status" = 0 ] || exit "$status"
  if [ -d tests/e2e ] && [ -f tests/e2e/run.sh ]; then
    log "End-to-end tests (real app under Xvfb)"
    bash tests/e2e/run.sh
  fi
}

# The Linux installers: the Tauri CLI (from npm) builds the release binary and packages it
# as .deb and .rpm with its pure-Rust bundlers (nothing is downloaded; AppImage, which
# downloads tools, is not a target). Windows and macOS: .github/workflows/release.yml.
cmd_bundle() {
  apt_install "${APT_BUILD[@]}"
  need_toolchains
  build_ui
  log "tauri build --bundles deb,rpm (release)"
  ui/node_modules/.bin/tauri build --bundles deb,rpm
  log "crm-admin (release; IT's tool, shipped beside the packages, not in them)"
  cargo build --release -p crm-admin
  log "Sizes"
  local f
  for f in target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm target/release/crm-desk target/release/crm-admin assets/fonts/*.ttf; do
    printf '  %-64s %6.1f MB\n' "$f" "$(du -b "$f" | cut -f1 | awk '{print $1/1048576}')"
  done
  echo "  check the .deb: bash tests/bundle/check-deb.sh"
}

case "${1:-}" in
  run) cmd_run ;;
  test) cmd_test ;;
  bundle) cmd_bundle ;;
  *) echo "usage: bash dev.sh run|test|bundle" >&2; exit 2 ;;
esac
