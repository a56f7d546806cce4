#!/usr/bin/env bash
# Installs (from Debian) and starts the services kefu's tests need, when they are missing or stopped:
#   redis-server on 127.0.0.1:6379
#   PostgreSQL on 127.0.0.1:5432, trust auth for loopback, database `test`
#   MariaDB on 127.0.0.1:3306, root without password over TCP, database `test`
#   chromium with fonts-noto-cjk (so screenshots show Chinese)
# Idempotent: a second run on a machine where everything runs takes about a second. A service that runs but
# cannot serve the tests (a password, another server on the port) is not started twice: the script stops with the fix.
# Run as root (CI runs as root). Usage: bash .ci/services.sh
set -euo pipefail
# shellcheck source=.ci/service-probes.sh
. "$(dirname "$0")/service-probes.sh"

log() { printf '== services: %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
die() {
  printf 'services: %s\n' "$*" >&2
  exit 1
}

apt_ready=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ "${#missing[@]}" = 0 ] && return 0
  if [ "$apt_ready" = 0 ]; then
    log "apt-get update"
    apt-get update -qq >/dev/null || true
    apt_ready=1
  fi
  log "installing ${missing[*]}"
  # policy-rc.d keeps package scripts from starting daemons with default settings; we start them below.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/kefu-apt.log 2>&1 || {
    rm -f /usr/sbin/policy-rc.d
    tail -n 20 /tmp/kefu-apt.log >&2
    die "apt-get install ${missing[*]} failed (log above). Fix: check that Debian's package mirror is reachable."
  }
  rm -f /usr/sbin/policy-rc.d
}

wait_for() {
  local what=$1 tries=$2
  shift 2
  for _ in $(seq 1 "$tries"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "$what did not come up. Fix: look at its log (named above) and start it by hand."
}

# --- what is missing, in one apt transaction -------------------------------------------------------
need=()
have redis-server || need+=(redis-server)
[ -d /usr/lib/postgresql ] && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/sbin/mariadbd ] || need+=(mariadb-server mariadb-client)
[ -x /usr/bin/chromium ] || need+=(chromium)
need+=(fonts-noto-cjk)
apt_install "${need[@]}"

# --- Redis ------------------------------------------------------------------------------------------
redis=$(redis_state 127.0.0.1 6379)
case "$redis" in
  pong) ;;
  down)
    log "starting redis-server"
    mkdir -p /var/lib/redis-ci
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis-ci --logfile /var/lib/redis-ci/redis.log
    wait_for "redis-server (/var/lib/redis-ci/redis.log)" 40 sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
    ;;
  *)
    die "something listens on 127.0.0.1:6379 but does not answer PING without a password ($redis). Fix: let the tests use it without a password (redis-cli -a <password> CONFIG SET requirepass ''), or stop it so that this script starts its own redis-server."
    ;;
esac

# --- PostgreSQL -------------------------------------------------------------------------------------
# The cluster configured for port 5432 is the tests' one, whatever its version; without one, a new cluster of the
# newest installed version is created on 5432 (another cluster, e.g. an older main on 5433, is left alone).
pg_cluster=$(pg_lsclusters -h 2>/dev/null | pg_cluster_on_port 5432)
if [ -z "$pg_cluster" ] && port_open 127.0.0.1 5432; then
  log "PostgreSQL: a server this machine's clusters do not know answers on 5432; using it as it is"
elif [ -z "$pg_cluster" ]; then
  pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
  pg_name=$(pg_lsclusters -h 2>/dev/null | pg_new_cluster_name "$pg_version")
  log "creating PostgreSQL $pg_version cluster '$pg_name' on port 5432"
  pg_createcluster -p 5432 "$pg_version" "$pg_name" >/dev/null
  pg_cluster="$pg_version $pg_name"
fi
if [ -n "$pg_cluster" ]; then
  read -r pg_version pg_name <<<"$pg_cluster"
  hba=$(pg_conftool -s "$pg_version" "$pg_name" show hba_file 2>/dev/null || echo "/etc/postgresql/$pg_version/$pg_name/pg_hba.conf")
  if ! grep -q '^# kefu-ci trust' "$hba"; then
    log "PostgreSQL: trust for loopback TCP ($hba)"
    {
      echo '# kefu-ci trust: test databases on loopback need no password'
      echo 'host all all 127.0.0.1/32 trust'
      echo 'host all all ::1/128 trust'
      cat "$hba"
    } >"$hba.new"
    chown postgres:postgres "$hba.new"
    mv "$hba.new" "$hba"
    if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
      pg_ctlcluster "$pg_version" "$pg_name" reload
    fi
  fi
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    log "starting PostgreSQL $pg_version/$pg_name"
    pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_name" start ||
      pg_ctlcluster "$pg_version" "$pg_name" start ||
      die "PostgreSQL $pg_version/$pg_name did not start (/var/log/postgresql/postgresql-$pg_version-$pg_name.log). Fix: read the log; if another server holds port 5432, stop it."
    wait_for "PostgreSQL (/var/log/postgresql/postgresql-$pg_version-$pg_name.log)" 60 pg_isready -h 127.0.0.1 -p 5432 -q
  fi
fi
pg_out=$(psql -h 127.0.0.1 -U postgres -d postgres -w -tAc "SELECT 1 FROM pg_database WHERE datname='test'" 2>&1) ||
  die "PostgreSQL on 127.0.0.1:5432 refuses user postgres without a password: ${pg_out%%$'\n'*}. Fix: put 'host all all 127.0.0.1/32 trust' first in its pg_hba.conf and reload it."
[ "$pg_out" = 1 ] || psql -h 127.0.0.1 -U postgres -d postgres -w -qc "CREATE DATABASE test" >/dev/null

# --- MariaDB ----------------------------------------------------------------------------------------
mariadb_socket_up() { mariadb-admin -uroot ping 2>/dev/null | grep -q alive; }
# mariadb-admin ping succeeds whenever a server answers, even one that refuses the user
mariadb_running() { mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1; }
if ! port_open 127.0.0.1 3306 && ! mariadb_socket_up; then
  if [ ! -d /var/lib/mysql/mysql ]; then
    log "initialising MariaDB's data directory"
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/tmp/kefu-mariadb-install.log 2>&1 ||
      die "mariadb-install-db failed (/tmp/kefu-mariadb-install.log)."
  fi
  log "starting MariaDB"
  mkdir -p /run/mysqld
  chown mysql:mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --make-pidfile --pidfile /run/mysqld/kefu-ci.pid \
    --exec /usr/sbin/mariadbd -- --user=mysql --bind-address=127.0.0.1 --port=3306 \
    --log-error=/var/lib/mysql/kefu-ci.err
  # up means answering, even if an existing data directory's root needs a password (checked below)
  wait_for "MariaDB (/var/lib/mysql/kefu-ci.err)" 60 mariadb_running
fi
mariadb=$(mariadb_state 127.0.0.1 3306 root)
if [ "$mariadb" != ok ] && mariadb_socket_up; then
  log "MariaDB: root without password over TCP"
  mariadb -uroot <<'SQL'
ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  mariadb=$(mariadb_state 127.0.0.1 3306 root)
fi
case "$mariadb" in
  ok) ;;
  down) die "MariaDB does not listen on 127.0.0.1:3306. Fix: start it with --port=3306 and networking on (no skip-networking)." ;;
  *) die "MariaDB on 127.0.0.1:3306 refuses root without a password ($mariadb). Fix: as its root run: ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket; CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; — or stop it so that this script starts its own." ;;
esac
mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -uroot -e 'CREATE DATABASE IF NOT EXISTS test' ||
  die "MariaDB refused CREATE DATABASE test to root over TCP. Fix: GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1'."

# --- Chromium ---------------------------------------------------------------------------------------
/usr/bin/chromium --version >/dev/null 2>&1 || die "/usr/bin/chromium does not run."
fc-list :lang=zh 2>/dev/null | grep -qi 'noto' || die "no CJK font after installing fonts-noto-cjk."

log "ready: redis 6379, postgresql 5432 (test), mariadb 3306 (test), $(/usr/bin/chromium --version 2>/dev/null)"
