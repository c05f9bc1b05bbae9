#!/usr/bin/env bash
# A PostgreSQL primary and a streaming hot standby made from it with pg_basebackup, both on loopback ports, in a
# throw-away directory. Used by `make replica-test`; also handy to try OPENSEND_DB_REPLICA_URL by hand.
#
#   scripts/replica.sh start    # prints the DATABASE_URL and OPENSEND_DB_REPLICA_URL to use
#   scripts/replica.sh stop     # stops both clusters and deletes the directory
#
# Settings (environment): REPLICA_DIR (default /tmp/opensend-replica), REPLICA_PRIMARY_PORT (55432),
# REPLICA_STANDBY_PORT (55433), PG_BIN (the newest /usr/lib/postgresql/*/bin, else the directory of pg_ctl on PATH).
# Run as root, the clusters run as the postgres user (initdb refuses root).
set -euo pipefail

DIR=${REPLICA_DIR:-/tmp/opensend-replica}
PRIMARY_PORT=${REPLICA_PRIMARY_PORT:-55432}
STANDBY_PORT=${REPLICA_STANDBY_PORT:-55433}
if [ -z "${PG_BIN:-}" ]; then
	PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$PG_BIN" ] || PG_BIN=$(dirname "$(command -v pg_ctl)")
fi

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

psql_at() { # port, SQL
	as_pg "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "$2"
}

start() {
	if [ -e "$DIR" ]; then
		echo "$DIR exists: run '$0 stop' first." >&2
		exit 1
	fi
	mkdir -p "$DIR"
	[ "$(id -u)" = 0 ] && chown postgres "$DIR"
	as_pg "$PG_BIN/initdb" -D "$DIR/primary" -U postgres --auth=trust --no-sync >/dev/null
	# Loopback only; the default pg_hba.conf of a trust cluster already admits replication from 127.0.0.1.
	cat >>"$DIR/primary/postgresql.conf" <<-EOF
		listen_addresses = '127.0.0.1'
		port = $PRIMARY_PORT
		unix_socket_directories = '$DIR'
		wal_level = replica
		max_wal_senders = 4
		fsync = off
	EOF
	as_pg "$PG_BIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null
	# The standby: a base backup of the primary that streams WAL from it (-R writes primary_conninfo).
	as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR/standby" -R -X stream -c fast
	cat >>"$DIR/standby/postgresql.auto.conf" <<-EOF
		port = $STANDBY_PORT
		hot_standby = on
	EOF
	as_pg "$PG_BIN/pg_ctl" -D "$DIR/standby" -l "$DIR/standby.log" -w start >/dev/null
	for _ in $(seq 1 50); do
		if [ "$(psql_at "$PRIMARY_PORT" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" = 1 ] &&
			[ "$(psql_at "$STANDBY_PORT" "SELECT pg_is_in_recovery()")" = t ]; then
			echo "primary on 127.0.0.1:$PRIMARY_PORT, standby streaming from it on 127.0.0.1:$STANDBY_PORT"
			return 0
		fi
		sleep 0.2
	done
	echo "The standby did not start streaming; see $DIR/standby.log" >&2
	exit 1
}

stop() {
	for cluster in standby primary; do
		if [ -f "$DIR/$cluster/postmaster.pid" ]; then
			as_pg "$PG_BIN/pg_ctl" -D "$DIR/$cluster" -m immediate -w stop >/dev/null || true
		fi
	done
	rm -rf "$DIR"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2
	;;
esac
