# Probes .ci/services.sh uses to tell "not running" from "running, but not usable as the tests need it"
# (a password set, another server on the port), so that it starts only what is missing and otherwise stops
# with the fix instead of starting a second server on a taken port. Source it: . .ci/service-probes.sh
# Tested by test/ci/service-probes.test.ts.

# port_open HOST PORT: succeeds when something accepts TCP connections there.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# redis_state HOST PORT: prints `pong` (answers PING without a password), `down` (nothing listens) or
# `refused: <reply>` (something listens but does not answer PONG: a password, or another server).
redis_state() {
  local reply
  if ! port_open "$1" "$2"; then
    echo down
    return 0
  fi
  reply=$(timeout 5 redis-cli -h "$1" -p "$2" ping 2>&1 | head -n 1) || true
  if [ "$reply" = PONG ]; then echo pong; else echo "refused: ${reply:-no answer}"; fi
}

# mariadb_state HOST PORT USER: prints `ok` (USER logs in over TCP without a password), `down` (nothing listens)
# or `refused: <error>` (a server answers but USER cannot log in without a password).
mariadb_state() {
  local out
  if ! port_open "$1" "$2"; then
    echo down
    return 0
  fi
  if out=$(timeout 10 mariadb --protocol=tcp -h "$1" -P "$2" -u "$3" -e 'SELECT 1' 2>&1); then
    echo ok
  else
    echo "refused: $(printf '%s' "$out" | head -n 1)"
  fi
}

# pg_cluster_on_port PORT < `pg_lsclusters -h` output: prints `<version> <name>` of the cluster configured for
# PORT (running or not), or nothing.
pg_cluster_on_port() {
  awk -v port="$1" '$3 == port { print $1 " " $2; exit }'
}

# pg_new_cluster_name VERSION < `pg_lsclusters -h` output: `main`, or `kefu-ci` when VERSION already has a
# `main` cluster (configured for another port).
pg_new_cluster_name() {
  awk -v version="$1" '$1 == version && $2 == "main" { taken = 1 } END { print (taken ? "kefu-ci" : "main") }'
}
