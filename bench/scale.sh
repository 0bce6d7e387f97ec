#!/usr/bin/env bash
# How the service's cost grows with what it stores, on the embedded default (H2 file database in the data
# folder) and on PostgreSQL (a throwaway cluster: initdb in a temporary folder, on a free loopback port):
#
#   keys      1k, 10k, 100k stored keys, bulk-inserted with JDBC while the service is stopped (after a first
#             start created the schema and the admin key), then the service started again: time to readiness;
#             GET /backend-api/codex/models at c32 over 1,000 hot keys (req/s, CPU time per request of the
#             service from /proc, p99), then the same with 1 request in 200 on a key not used before (p99 of
#             all and of the cold ones; at 1k stored keys all keys are hot, so there is none); then 300 keys
#             not used before, one request at a time with nothing else sent (the cold path without the
#             queueing of a saturating load); RSS; p99 of an admin list page (limit 100, after an id from the
#             middle) and of a search by part of a name
#   sets      10, 1k, 10k distinct allowed-model sets in use (a subset of the catalog's ids and a made-up id
#             each; max(sets, 1000) keys in use, on the largest key store): req/s, CPU/request, p99, RSS, the
#             key cache's hit rate and the render cache's (when the service exports one)
#   accounts  10, 100, 500 accounts added through POST /api/accounts, against an upstream stand-in (models
#             after 200 ms, 5 % 500s): the duration of a catalog round (POST /api/catalog/refresh), against
#             the refresh lock's lockAtMostFor (the service's codex_lb_catalog_refresh_lock_max_seconds; for
#             a version without it, 3 x the call deadline + 30 s from the default timeouts), and RSS
#
# The service runs as the Docker image runs it (-Xmx256m -XX:+UseSerialGC) on a JDK 25, from
# target/codex-lb-*.jar; the driver (bench/scale, a Maven module on the main build's Spring Boot version)
# seeds, loads, serves the stand-in and draws. It prints one table (ratios against the smallest size, PASS
# or MISS against the goals) and writes to the results folder (BENCH_SCALE_OUT, target/scale by default):
# table.md, scale.tsv (every figure: database, dimension, size, metric, value), keys.png, sets.png,
# accounts.png, and the service logs. Everything on loopback, on free ports; every process stopped by its PID.
#
# Usage:
#   bench/scale.sh                                   # the full run: all sizes, H2 and PostgreSQL, 20 s phases
#   BENCH_SCALE_KEYS=1000,10000 BENCH_SCALE_SETS=10,1000 BENCH_SCALE_ACCOUNTS=10,100 \
#     BENCH_SCALE_DURATION=10 BENCH_SCALE_WARMUP=5 bench/scale.sh        # a quick run
#   BENCH_SCALE_DATABASES=h2 BENCH_SCALE_ACCOUNTS= bench/scale.sh      # H2 only, no accounts dimension
#
#   BENCH_SCALE_KEYS       stored-key counts, ascending (default 1000,10000,100000; empty: no keys dimension)
#   BENCH_SCALE_SETS       allowed-set counts (default 10,1000,10000; empty: none)
#   BENCH_SCALE_ACCOUNTS   account counts, ascending (default 10,100,500; empty: none)
#   BENCH_SCALE_DATABASES  h2, postgres or both (default h2,postgres)
#   BENCH_SCALE_DURATION   seconds of each measured load phase (default 20)
#   BENCH_SCALE_WARMUP     seconds of load before the measured phases of each start (default 15)
#   BENCH_SCALE_OUT        the results folder (default target/scale; its previous results are replaced)
#   BENCH_SCALE_KEEP=1     keep the temporary folder (databases, keys) under the results folder
#   BENCH_SCALE_BUILD=0    use the jars built before instead of building them
#   BENCH_JAVA             a java to run the service with instead of the JDK 25 that ci/jdk25.sh finds
# PostgreSQL: Debian's postgresql package (installed with apt-get when missing and running as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=ci/jdk25.sh
source ci/jdk25.sh
JAVA=${BENCH_JAVA:-$(require_jdk25_home)/bin/java}
JVM_OPTS=(-Xmx256m -XX:+UseSerialGC)
KEYS=${BENCH_SCALE_KEYS-1000,10000,100000}
SETS=${BENCH_SCALE_SETS-10,1000,10000}
ACCOUNTS=${BENCH_SCALE_ACCOUNTS-10,100,500}
DATABASES=${BENCH_SCALE_DATABASES:-h2,postgres}
DURATION=${BENCH_SCALE_DURATION:-20}
WARMUP=${BENCH_SCALE_WARMUP:-15}
OUT=${BENCH_SCALE_OUT:-target/scale}
readonly HOT=1000 COLD_EVERY=200 PROBE=300 CONCURRENCY=32 READY_TIMEOUT=180 STOP_TIMEOUT=60
# the upstream timeouts the service runs with (its defaults), and what the refresh lock and a round's fetch
# deadline are made of (CatalogConfiguration, CatalogRefresher)
readonly CONNECT_TIMEOUT_S=5 READ_TIMEOUT_S=20 FETCH_CONCURRENCY=4
readonly CALL_DEADLINE_S=$((CONNECT_TIMEOUT_S + 2 * READ_TIMEOUT_S))
readonly LOCK_S=$((3 * CALL_DEADLINE_S + 30))
TICKS=$(getconf CLK_TCK)
ADMIN_KEY="sk-clb-$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)
PG_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '+/=\n')

IFS=, read -r -a key_sizes <<<"$KEYS"
IFS=, read -r -a set_sizes <<<"$SETS"
IFS=, read -r -a account_sizes <<<"$ACCOUNTS"
IFS=, read -r -a databases <<<"$DATABASES"
for n in "${key_sizes[@]}" "${set_sizes[@]}" "${account_sizes[@]}" "$DURATION" "$WARMUP"; do
	[[ $n =~ ^[0-9]+$ ]] || { echo "scale: not a number: $n" >&2; exit 1; }
done
for db in "${databases[@]}"; do
	[[ $db == h2 || $db == postgres ]] || { echo "scale: unknown database $db (h2, postgres)" >&2; exit 1; }
done
command -v curl >/dev/null || { echo "scale: curl is missing (apt-get install curl)" >&2; exit 1; }
[[ -x $JAVA ]] || { echo "scale: no java at $JAVA (set BENCH_JAVA)" >&2; exit 1; }

service_pid=""
upstream_pid=""
pg_pid=""
pg_dir=""
work=""
taken_ports=" "

alive() {
	[[ -n $1 ]] && kill -0 "$1" 2>/dev/null
}

# SIGTERM (or $2), then SIGKILL after STOP_TIMEOUT seconds; reaps a child
stop_pid() {
	local pid=$1 signal=${2:-TERM} waited=0
	alive "$pid" || return 0
	kill -"$signal" "$pid" 2>/dev/null || true
	while alive "$pid" && ((waited < STOP_TIMEOUT * 10)); do
		sleep 0.1
		waited=$((waited + 1))
	done
	if alive "$pid"; then
		echo "scale: process $pid did not stop within ${STOP_TIMEOUT}s; sending SIGKILL" >&2
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local rc=$?
	trap - EXIT
	set +e
	stop_pid "$service_pid"
	stop_pid "$upstream_pid"
	# fast shutdown, as pg_ctl stop -m fast does
	stop_pid "$pg_pid" INT
	[[ -z $pg_dir ]] || rm -rf "$pg_dir"
	if ((rc == 0)) && [[ -n $work && ${BENCH_SCALE_KEEP:-} != 1 ]]; then
		rm -rf "$work"
	elif [[ -n $work ]]; then
		echo "scale: files kept in $work" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT

# a port nothing listens on, below Linux's ephemeral range, not handed out before
free_port() {
	local port
	for _ in {1..200}; do
		port=$((20000 + RANDOM % 12000))
		[[ $taken_ports != *" $port "* ]] || continue
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			taken_ports+="$port "
			echo "$port"
			return 0
		fi
	done
	return 1
}

log() {
	printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"
}

# put <database> <dimension> <size> <metric> <value>: one figure into the TSV
put() {
	printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$OUT/scale.tsv"
}

driver() {
	"$JAVA" -Djava.awt.headless=true -jar bench/scale/target/scale.jar "$@"
}

# ---- PostgreSQL, as the postgres user when we are root (initdb refuses root), as ci/cluster-test.sh does

pg_bin_dir() {
	local dir candidates=()
	if command -v pg_ctl >/dev/null; then
		candidates+=("$(dirname "$(command -v pg_ctl)")")
	fi
	candidates+=(/usr/local/bin)
	mapfile -t -O "${#candidates[@]}" candidates < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV)
	for dir in "${candidates[@]}"; do
		if [[ -x $dir/pg_ctl && -x $dir/initdb && -x $dir/postgres && -x $dir/psql ]]; then
			echo "$dir"
			return 0
		fi
	done
	return 1
}

as_pg() {
	if ((EUID == 0)); then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

psql_db() {
	PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U codexlb \
		-v ON_ERROR_STOP=1 "$@"
}

start_postgres() {
	if ! pg_bin=$(pg_bin_dir); then
		if ((EUID != 0)) || ! command -v apt-get >/dev/null; then
			echo "scale: PostgreSQL is missing (apt-get install postgresql)" >&2
			exit 1
		fi
		log "installing postgresql"
		apt-get install -y -q postgresql >"$work/apt.log" 2>&1 \
			|| { apt-get update -q >>"$work/apt.log" 2>&1 && apt-get install -y -q postgresql >>"$work/apt.log" 2>&1; } \
			|| { echo "scale: apt-get install postgresql failed (see $work/apt.log)" >&2; exit 1; }
		pg_bin=$(pg_bin_dir) || { echo "scale: initdb, pg_ctl and postgres not found" >&2; exit 1; }
	fi
	# outside the results folder: the postgres user must reach it
	pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/codex-lb-scale-pg.XXXXXX")
	chmod 700 "$pg_dir"
	printf '%s\n' "$PG_PASSWORD" >"$pg_dir/password"
	((EUID != 0)) || chown -R postgres: "$pg_dir"
	pg_port=$(free_port)
	as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U codexlb --pwfile="$pg_dir/password" --auth-local=trust \
		--auth-host=scram-sha-256 -E UTF8 --no-sync >"$work/initdb.log" 2>&1 \
		|| { echo "scale: initdb failed (see $work/initdb.log)" >&2; exit 1; }
	cat >>"$pg_dir/data/postgresql.conf" <<-EOF
		listen_addresses = '127.0.0.1'
		port = $pg_port
		unix_socket_directories = ''
		max_connections = 50
		shared_buffers = 128MB
	EOF
	as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 start >/dev/null \
		|| { echo "scale: PostgreSQL did not start (see $pg_dir/postgres.log)" >&2; exit 1; }
	pg_pid=$(head -n 1 "$pg_dir/data/postmaster.pid")
	log "$("$pg_bin/postgres" --version) on 127.0.0.1:$pg_port"
}

# ---- the service

# db_setup <database> <name>: a fresh database; sets data (the data folder), db_args (the service's),
# jdbc (the seeding's JDBC options)
db_setup() {
	local db=$1 name=$2
	data=$work/$db-$name/data
	mkdir -p "$data"
	if [[ $db == h2 ]]; then
		db_args=()
		# the service's URL for its data folder (application.properties), with the service stopped
		jdbc=(--jdbc-url="jdbc:h2:file:$data/codex-lb;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" --user=sa --password=)
	else
		psql_db -d postgres -q -c "CREATE DATABASE scale_$name" >/dev/null
		db_args=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:$pg_port/scale_$name"
			--spring.datasource.username=codexlb --spring.datasource.password="$PG_PASSWORD")
		jdbc=(--jdbc-url="jdbc:postgresql://127.0.0.1:$pg_port/scale_$name?reWriteBatchedInserts=true"
			--user=codexlb --password="$PG_PASSWORD")
	fi
}

# start_service <log> <service options...>: starts it on fresh ports; sets service_pid, api, management
start_service() {
	local logfile=$1
	shift
	api=$(free_port)
	management=$(free_port)
	"$JAVA" "${JVM_OPTS[@]}" -jar "$jar" --server.address=127.0.0.1 --server.port="$api" \
		--management.server.address=127.0.0.1 --management.server.port="$management" \
		--codex-lb.data-dir="$data" --codex-lb.admin-key="$ADMIN_KEY" --codex-lb.encryption-key="$ENCRYPTION_KEY" \
		--codex-lb.rate-limit.default.requests-per-minute=1000000000 --codex-lb.shutdown.drain-timeout=0s \
		"${db_args[@]}" "$@" </dev/null >>"$logfile" 2>&1 &
	service_pid=$!
}

# wait_ready <log>: waits for readiness UP on the management port; prints nothing
wait_ready() {
	local logfile=$1 deadline=$((SECONDS + READY_TIMEOUT))
	until [[ $(curl -s --max-time 2 -o /dev/null -w '%{http_code}' \
		"http://127.0.0.1:$management/actuator/health/readiness" || true) == 200 ]]; do
		if ! alive "$service_pid"; then
			tail -n 30 "$logfile" >&2
			echo "scale: the service exited before it was ready (see $logfile)" >&2
			exit 1
		fi
		((SECONDS < deadline)) || { echo "scale: the service was not ready within ${READY_TIMEOUT}s" >&2; exit 1; }
		sleep 0.02
	done
}

stop_service() {
	stop_pid "$service_pid"
	service_pid=""
}

models_url() {
	echo "http://127.0.0.1:$api/backend-api/codex/models"
}

# ---- the dimensions

# keys, then allowed sets on the same key store
run_keys_and_sets() {
	local db=$1 logfile size started ready_ms middle id name in_use largest=0
	db_setup "$db" keys
	logfile=$work/$db-keys/service.log
	local keys_file=$work/$db-keys/keys.tsv
	log "$db: first start (schema, admin key)"
	start_service "$logfile" --codex-lb.upstream.base-url=http://127.0.0.1:9/backend-api \
		--codex-lb.upstream.auth-base-url=http://127.0.0.1:9
	wait_ready "$logfile"
	stop_service
	for size in "${key_sizes[@]}"; do
		log "$db keys $size: seeding"
		driver seed-keys "${jdbc[@]}" --keys-file="$keys_file" --count="$size"
		largest=$size
		started=$(date +%s%N)
		start_service "$logfile" --codex-lb.upstream.base-url=http://127.0.0.1:9/backend-api \
			--codex-lb.upstream.auth-base-url=http://127.0.0.1:9
		wait_ready "$logfile"
		ready_ms=$((($(date +%s%N) - started) / 1000000))
		log "$db keys $size: ready after $ready_ms ms; warm-up ${WARMUP}s"
		put "$db" keys "$size" ready_ms "$ready_ms"
		local common=(--url="$(models_url)" --keys-file="$keys_file" --hot="$HOT" --concurrency="$CONCURRENCY"
			--pid="$service_pid" --ticks="$TICKS")
		local record=(--tsv="$OUT/scale.tsv" --database="$db" --dimension=keys --size="$size")
		# the cold keys: those beyond the hot ones, the last PROBE kept for the probe
		local probe_from=$((size - PROBE > HOT ? size - PROBE : size))
		driver load "${common[@]}" --duration="$WARMUP" --label=warm-up
		put "$db" keys "$size" loadavg "$(cut -d' ' -f1 /proc/loadavg)"
		driver load "${common[@]}" "${record[@]}" --duration="$DURATION" --prefix=hot_ --label=hot
		driver load "${common[@]}" "${record[@]}" --duration="$DURATION" --prefix=mixed_ --label=mixed \
			--cold-every="$COLD_EVERY" --cold-from="$HOT" --cold-to="$probe_from"
		driver cold-probe "${record[@]}" --url="$(models_url)" --keys-file="$keys_file" --from="$probe_from" \
			--count="$PROBE"
		# the key in the middle of the store: an id to page after, a name to search for
		middle=$((size / 2))
		id=$(awk -F'\t' -v i="$middle" '$1 == i { print $2; exit }' "$keys_file")
		name=$(awk -F'\t' -v i="$middle" '$1 == i { print $4; exit }' "$keys_file")
		local admin=(--admin-key="$ADMIN_KEY" --tsv="$OUT/scale.tsv" --database="$db" --dimension=keys
			--size="$size")
		driver admin-latency "${admin[@]}" --metric=admin_list \
			--url="http://127.0.0.1:$api/api/api-keys?limit=100&after=$id"
		driver admin-latency "${admin[@]}" --metric=admin_search \
			--url="http://127.0.0.1:$api/api/api-keys?q=${name#bench-}"
		stop_service
	done
	((${#set_sizes[@]} > 0)) || return 0
	for size in "${set_sizes[@]}"; do
		in_use=$((size > HOT ? size : HOT))
		if ((largest < in_use)); then
			driver seed-keys "${jdbc[@]}" --keys-file="$keys_file" --count="$in_use"
			largest=$in_use
		fi
		log "$db sets $size: $in_use keys in use of $largest stored"
		driver set-allowed "${jdbc[@]}" --keys-file="$keys_file" --in-use="$in_use" --sets="$size" \
			--catalog=src/main/resources/catalog/bootstrap-models.json
		start_service "$logfile" --codex-lb.upstream.base-url=http://127.0.0.1:9/backend-api \
			--codex-lb.upstream.auth-base-url=http://127.0.0.1:9
		wait_ready "$logfile"
		local common=(--url="$(models_url)" --keys-file="$keys_file" --hot="$in_use" --concurrency="$CONCURRENCY"
			--pid="$service_pid" --ticks="$TICKS")
		driver load "${common[@]}" --duration="$WARMUP" --label=warm-up
		put "$db" sets "$size" loadavg "$(cut -d' ' -f1 /proc/loadavg)"
		driver load "${common[@]}" --duration="$DURATION" --label=measured --tsv="$OUT/scale.tsv" --database="$db" \
			--dimension=sets --size="$size" --metrics-url="http://127.0.0.1:$management/actuator/prometheus"
		put "$db" sets "$size" keys_stored "$largest"
		put "$db" sets "$size" keys_in_use "$in_use"
		stop_service
	done
}

upstream_stat() {
	curl -fs --max-time 5 "http://127.0.0.1:$upstream_port/stats" | awk -v k="$1" '$1 == k { print $2 }'
}

run_accounts() {
	local db=$1 logfile size from=0 calls errors tokens rss_kb waves lock
	db_setup "$db" accounts
	logfile=$work/$db-accounts/service.log
	start_service "$logfile" --codex-lb.upstream.base-url="http://127.0.0.1:$upstream_port/backend-api" \
		--codex-lb.upstream.auth-base-url="http://127.0.0.1:$upstream_port"
	wait_ready "$logfile"
	for size in "${account_sizes[@]}"; do
		calls=$(upstream_stat models_calls); errors=$(upstream_stat models_errors); tokens=$(upstream_stat token_calls)
		log "$db accounts $size: adding $((size - from))"
		put "$db" accounts "$size" loadavg "$(cut -d' ' -f1 /proc/loadavg)"
		driver add-accounts --url="http://127.0.0.1:$api" --admin-key="$ADMIN_KEY" --from="$from" --to="$size"
		from=$size
		driver refresh --url="http://127.0.0.1:$api" --admin-key="$ADMIN_KEY" --warmup=1 --count=2 \
			--tsv="$OUT/scale.tsv" --database="$db" --dimension=accounts --size="$size"
		rss_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$service_pid/status")
		waves=$(((size + FETCH_CONCURRENCY - 1) / FETCH_CONCURRENCY))
		put "$db" accounts "$size" rss_mb "$((rss_kb / 1024))"
		# the lock's time of the last round, where the service exports it; else the fixed 3 x the call deadline
		# + 30 s and the fetch deadline of 3 x the call deadline per wave of the versions before
		lock=$(curl -fs --max-time 5 "http://127.0.0.1:$management/actuator/prometheus" |
			awk '$1 == "codex_lb_catalog_refresh_lock_max_seconds" { printf "%d", $2 }')
		if [[ -n $lock ]]; then
			put "$db" accounts "$size" lock_s "$lock"
			put "$db" accounts "$size" fetch_deadline_s "$((lock - 30))"
		else
			put "$db" accounts "$size" lock_s "$LOCK_S"
			put "$db" accounts "$size" fetch_deadline_s "$((3 * CALL_DEADLINE_S * waves))"
		fi
		put "$db" accounts "$size" upstream_model_calls "$(($(upstream_stat models_calls) - calls))"
		put "$db" accounts "$size" upstream_model_500s "$(($(upstream_stat models_errors) - errors))"
		put "$db" accounts "$size" upstream_token_calls "$(($(upstream_stat token_calls) - tokens))"
	done
	stop_service
}

# ---- the run

if [[ ${BENCH_SCALE_BUILD:-1} != 0 ]]; then
	log "build"
	./mvnw -q -B -DskipTests package
	boot_version=$(./mvnw -q -B help:evaluate -Dexpression=project.parent.version -DforceStdout)
	./mvnw -q -B -f bench/scale/pom.xml -DskipTests -Dspring-boot.version="$boot_version" package
fi
[[ -f bench/scale/target/scale.jar ]] || { echo "scale: bench/scale/target/scale.jar is missing (build it)" >&2; exit 1; }
shopt -s nullglob
jars=(target/codex-lb-*.jar)
shopt -u nullglob
((${#jars[@]} == 1)) || { echo "scale: expected one target/codex-lb-*.jar, found ${#jars[@]}" >&2; exit 1; }
jar=${jars[0]}

mkdir -p "$OUT"
# H2 refuses a relative path such as target/...
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT/scale.tsv" "$OUT/table.md" "$OUT"/*.png "$OUT"/*.log
work=$(mktemp -d "$OUT/work.XXXXXX")
log "JDK: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; service options: ${JVM_OPTS[*]}"
log "keys: ${KEYS:-none}; sets: ${SETS:-none}; accounts: ${ACCOUNTS:-none}; databases: $DATABASES; phases: ${WARMUP}s warm-up, ${DURATION}s measured"

if ((${#account_sizes[@]} > 0)); then
	# java itself in the background, not the driver function: $! must be its PID
	"$JAVA" -jar bench/scale/target/scale.jar upstream --port-file="$work/upstream.port" --delay-ms=200 \
		--error-rate=0.05 --body=src/test/resources/fixtures/upstream-models.json >"$work/upstream.log" 2>&1 &
	upstream_pid=$!
	for _ in {1..300}; do [[ -s $work/upstream.port ]] && break; sleep 0.1; done
	[[ -s $work/upstream.port ]] || { echo "scale: the upstream stand-in did not start (see $work/upstream.log)" >&2; exit 1; }
	upstream_port=$(<"$work/upstream.port")
fi

for db in "${databases[@]}"; do
	[[ $db != postgres || -n $pg_pid ]] || start_postgres
	if ((${#key_sizes[@]} > 0 || ${#set_sizes[@]} > 0)); then
		run_keys_and_sets "$db"
	fi
	if ((${#account_sizes[@]} > 0)); then
		run_accounts "$db"
	fi
	for f in "$work/$db"-*/service.log; do cp "$f" "$OUT/service-$(basename "$(dirname "$f")").log"; done
done

echo
echo "== scale: $(nproc) cores, $(uname -m), $("$JAVA" -version 2>&1 | head -1), service ${JVM_OPTS[*]}, c$CONCURRENCY, ${DURATION}s phases"
driver report --tsv="$OUT/scale.tsv" --out="$OUT"
echo "figures: $OUT/scale.tsv; table: $OUT/table.md"
