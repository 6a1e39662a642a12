#!/usr/bin/env bash
# Fault drill: a private MariaDB (port 3317, its own data folder) is stopped in the middle
# of a session of CRM commands and started again. The drill test checks that the failing
# call answers DB_UNAVAILABLE, the next call after the restart succeeds on the same
# connection pool (no app restart), and nothing is half-written. It prints each step.
#   bash tests/drills/mariadb-restart.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=$(mktemp -d)
PORT=${DRILL_PORT:-3317}
cleanup() { mariadb-admin -h127.0.0.1 -P"$PORT" -uroot shutdown >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
mariadb-install-db --no-defaults --datadir="$DIR/data" --auth-root-authentication-method=normal --user="$(id -un)" >/dev/null
cat > "$DIR/start.sh" <<SH
#!/usr/bin/env bash
nohup /usr/sbin/mariadbd --no-defaults --datadir="$DIR/data" --port=$PORT --bind-address=127.0.0.1 --socket="$DIR/sock" --user="$(id -un)" --skip-grant-tables=0 >"$DIR/log" 2>&1 &
for _ in \$(seq 1 100); do mariadb-admin -h127.0.0.1 -P$PORT -uroot ping >/dev/null 2>&1 && exit 0; sleep 0.1; done
exit 1
SH
chmod +x "$DIR/start.sh"
"$DIR/start.sh"
export CRM_DRILL_MYSQL_URL="mysql://root@127.0.0.1:$PORT"
export CRM_DRILL_START="$DIR/start.sh"
export CRM_DRILL_STOP="mariadb-admin -h127.0.0.1 -P$PORT -uroot shutdown"
cargo test --test it drills:: -- --ignored --nocapture
