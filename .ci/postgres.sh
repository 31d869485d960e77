# shellcheck shell=bash
# A throwaway PostgreSQL for the store tests.  Source it (from .ci/run):
#
#     source .ci/postgres.sh
#
# It reuses a server that already answers on 127.0.0.1:55432 (or
# $CIKIT_TEST_POSTGRES_PORT) with the test role;
# otherwise it installs Debian's `postgresql` if needed, creates a fresh cluster
# in a temporary folder owned by `postgres`, starts it there and creates the
# role.  Either way it exports CIKIT_TEST_POSTGRES_URL and prints one line.
# On failure it prints why and returns 1 (which stops a `set -e` caller such as
# .ci/run); it never calls `exit` itself when sourced.  The server is left running
# for the next run to reuse; the line it prints says how to stop it.

_cikit_pg_setup() {
    local host=127.0.0.1 port="${CIKIT_TEST_POSTGRES_PORT:-55432}" role=cikit password=cikit_test
    local url="postgresql+psycopg://${role}:${password}@${host}:${port}/postgres"
    local bindir="" candidate

    _cikit_pg_bindir() {
        local found
        if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
            dirname "$(readlink -f "$(command -v pg_ctl)")"
            return 0
        fi
        # Debian keeps the server binaries off PATH; take the newest major version.
        found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
        if [ -n "$found" ] && [ -x "$found/initdb" ]; then
            echo "$found"
            return 0
        fi
        return 1
    }

    _cikit_pg_login() {
        PGPASSWORD="$password" PGCONNECT_TIMEOUT=5 "$bindir/psql" -X -q -A -t \
            -h "$host" -p "$port" -U "$role" -d postgres -c "SELECT 1" >/dev/null 2>&1
    }

    if ! bindir=$(_cikit_pg_bindir); then
        if [ "$(id -u)" != 0 ]; then
            echo "postgres.sh: PostgreSQL is not installed and this shell is not root" >&2
            return 1
        fi
        if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null \
            || { apt-get update -q >/dev/null &&
                DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }; }; then
            echo "postgres.sh: apt-get install postgresql failed" >&2
            return 1
        fi
        if ! bindir=$(_cikit_pg_bindir); then
            echo "postgres.sh: postgresql installed but initdb/pg_ctl not found" >&2
            return 1
        fi
    fi

    # Something already listens on the port: reuse it if the test role can log in.
    if "$bindir/pg_isready" -q -h "$host" -p "$port" -t 3; then
        if _cikit_pg_login; then
            export CIKIT_TEST_POSTGRES_URL="$url"
            echo "postgres.sh: reusing the PostgreSQL server already on ${host}:${port}; CIKIT_TEST_POSTGRES_URL set"
            return 0
        fi
        echo "postgres.sh: a server answers on ${host}:${port} but role ${role} cannot log in" >&2
        return 1
    fi

    # A fresh cluster in a temporary folder, owned by the `postgres` user.
    local tmp data as_pg=()
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/cikit-pg.XXXXXX") || return 1
    data="$tmp/data"
    if [ "$(id -u)" = 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            useradd --system --no-create-home --shell /usr/sbin/nologin postgres || return 1
        fi
        chown postgres: "$tmp"
        chmod 700 "$tmp"
        as_pg=(runuser -u postgres --)
    fi

    if ! "${as_pg[@]}" "$bindir/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$tmp/initdb.log" 2>&1; then
        echo "postgres.sh: initdb failed, see $tmp/initdb.log" >&2
        return 1
    fi
    # Throwaway data: durability off makes the tests faster.  Unix socket in $tmp.
    if ! "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 start -o \
        "-c listen_addresses=${host} -p ${port} -c unix_socket_directories=${tmp} -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null 2>&1; then
        echo "postgres.sh: the server did not start, see $tmp/server.log" >&2
        return 1
    fi

    if ! "${as_pg[@]}" "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$tmp" -p "$port" \
        -U postgres -d postgres \
        -c "CREATE ROLE ${role} LOGIN CREATEDB PASSWORD '${password}'" \
        -c "GRANT pg_signal_backend TO ${role}" >/dev/null 2>"$tmp/role.log"; then
        echo "postgres.sh: cannot create role ${role}, see $tmp/role.log" >&2
        return 1
    fi

    # Wait until the role can log in over TCP, as the tests will.
    for candidate in $(seq 1 60); do
        if _cikit_pg_login; then
            export CIKIT_TEST_POSTGRES_URL="$url"
            echo "postgres.sh: started PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $3}') on ${host}:${port} (data in $data; stop with: ${as_pg[*]} $bindir/pg_ctl -D $data stop); CIKIT_TEST_POSTGRES_URL set"
            return 0
        fi
        sleep 0.5
    done
    echo "postgres.sh: the server started but role ${role} cannot log in, see $tmp/server.log" >&2
    return 1
}

_cikit_pg_setup
_cikit_pg_status=$?
unset -f _cikit_pg_setup _cikit_pg_bindir _cikit_pg_login
# shellcheck disable=SC2317  # `return` when sourced, `exit` when run directly
return "$_cikit_pg_status" 2>/dev/null || exit "$_cikit_pg_status"
