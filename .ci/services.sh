#!/usr/bin/env bash
# Installs (from Debian) and starts the services kefu's tests need, when they are missing or stopped:
#   redis-server on 127.0.0.1:6379
#   PostgreSQL on 127.0.0.1:5432, trust auth for loopback, database `test`
#   MariaDB on 127.0.0.1:3306, root without password over TCP, database `test`
#   chromium with fonts-noto-cjk (so screenshots show Chinese)
# Idempotent: a second run on a machine where everything runs takes about a second.
# Run as root (CI runs as root). Usage: bash .ci/services.sh
set -euo pipefail

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
if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  log "starting redis-server"
  mkdir -p /var/lib/redis-ci
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis-ci --logfile /var/lib/redis-ci/redis.log
  wait_for "redis-server (/var/lib/redis-ci/redis.log)" 40 sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
fi

# --- PostgreSQL -------------------------------------------------------------------------------------
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$pg_version main$"; then
  log "creating PostgreSQL $pg_version cluster"
  pg_createcluster "$pg_version" main >/dev/null
fi
hba=/etc/postgresql/$pg_version/main/pg_hba.conf
if ! grep -q '^# kefu-ci trust' "$hba"; then
  log "PostgreSQL: trust for loopback TCP"
  {
    echo '# kefu-ci trust: test databases on loopback need no password'
    echo 'host all all 127.0.0.1/32 trust'
    echo 'host all all ::1/128 trust'
    cat "$hba"
  } >"$hba.new"
  chown postgres:postgres "$hba.new"
  mv "$hba.new" "$hba"
  if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    pg_ctlcluster "$pg_version" main reload
  fi
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  log "starting PostgreSQL $pg_version"
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start ||
    pg_ctlcluster "$pg_version" main start
  wait_for "PostgreSQL (/var/log/postgresql/)" 60 pg_isready -h 127.0.0.1 -p 5432 -q
fi
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 ||
  psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE test" >/dev/null

# --- MariaDB ----------------------------------------------------------------------------------------
mariadb_up() { mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping 2>/dev/null | grep -q alive; }
mariadb_socket_up() { mariadb-admin -uroot ping 2>/dev/null | grep -q alive; }
if ! mariadb_up && ! mariadb_socket_up; then
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
  wait_for "MariaDB (/var/lib/mysql/kefu-ci.err)" 60 mariadb_socket_up
fi
if ! mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -uroot -e 'SELECT 1' >/dev/null 2>&1; then
  log "MariaDB: root without password over TCP"
  mariadb -uroot <<'SQL'
ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
fi
mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -uroot -e 'CREATE DATABASE IF NOT EXISTS test' ||
  die "MariaDB refuses root over TCP. Fix: grant root@127.0.0.1 without password."

# --- Chromium ---------------------------------------------------------------------------------------
/usr/bin/chromium --version >/dev/null 2>&1 || die "/usr/bin/chromium does not run."
fc-list :lang=zh 2>/dev/null | grep -qi 'noto' || die "no CJK font after installing fonts-noto-cjk."

log "ready: redis 6379, postgresql 5432 (test), mariadb 3306 (test), $(/usr/bin/chromium --version 2>/dev/null)"
