#!/usr/bin/env bash
# Cluster test: three replicas of the packaged service behind nginx (deploy/nginx-cluster.conf), sharing a
# PostgreSQL and a Redis, under a steady load of models GETs and admin writes (ci/ClusterLoad.java), through
# four phases one after the other:
#
#   rolling   each replica in turn gets SIGTERM, exits, starts again and is ready before the next
#   kill-9    one replica is killed with SIGKILL, and started again 3 s later
#   redis     Redis is shut down for a few seconds and started again on the same port
#   postgres  PostgreSQL restarts (pg_ctl restart -m fast)
#
# It fails when a models request fails anywhere (a 5xx, a refused connection or no answer within 10 s); when
# an admin write fails, except one that nginx had sent to the killed replica (in flight when it died, or within
# 1 s after, before nginx marked it down) and a 503 while PostgreSQL restarts (not stored: the client writes
# again); when a fresh key of 30 requests a minute, hit 40 times at once through nginx, does not admit exactly
# 30 (after each restart of a replica, and once Redis is back; a check during which Redis calls timed out is
# made again); or when an admin write answered 2xx is not in the database at the end. It prints one table of
# the phases.
#
# Real processes on free loopback ports, all files in one temporary folder (kept when the test fails), every
# process stopped by its PID at the end, and a time limit (CLUSTER_TEST_TIMEOUT, 480 s). Takes
# target/codex-lb-*.jar (built with ./mvnw -B -q package -DskipTests when there is none, or it is older than a
# source) and the java of
# JAVA_HOME or PATH. Installs postgresql, redis-server, nginx and curl with apt-get when they are missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly TIME_LIMIT=${CLUSTER_TEST_TIMEOUT:-480}
readonly READY_TIMEOUT=90
readonly STOP_TIMEOUT=40
readonly QUOTA_RPM=30
readonly QUOTA_REQUESTS=40
readonly REDIS_DOWN_SECONDS=5
readonly JVM_OPTIONS=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
readonly REPLICAS=(1 2 3)

# settings the caller may have exported would change what is under test
unset CODEX_LB_ADMIN_KEY CODEX_LB_ENCRYPTION_KEY SPRING_DATASOURCE_URL SPRING_DATASOURCE_USERNAME \
	SPRING_DATASOURCE_PASSWORD CODEX_LB_RATE_LIMIT_STORE CODEX_LB_RATE_LIMIT_REDIS_URL

work=""
reason=""
watchdog_pid=""
pg_pid=""
redis_pid=""
nginx_pid=""
load_pid=""
declare -A replica_pid=() api_port=() management_port=()
taken_ports=" "
started_at=$SECONDS

log() {
	printf '[%3ds] %s\n' "$((SECONDS - started_at))" "$*"
}

fail() {
	reason=$1
	exit 1
}

# ---- processes

alive() {
	[[ -n $1 ]] && kill -0 "$1" 2>/dev/null
}

# waits for a process to exit (a child or not), at most $2 seconds
await_exit() {
	local pid=$1 limit=$2 waited=0
	while alive "$pid" && ((waited < limit * 10)); do
		sleep 0.1
		waited=$((waited + 1))
	done
	! alive "$pid"
}

# SIGTERM (or $2), then SIGKILL after STOP_TIMEOUT; reaps a child
stop_pid() {
	local pid=$1 signal=${2:-TERM}
	alive "$pid" || return 0
	kill -"$signal" "$pid" 2>/dev/null || true
	if ! await_exit "$pid" "$STOP_TIMEOUT"; then
		echo "cluster-test: process $pid did not stop within ${STOP_TIMEOUT}s; sending SIGKILL" >&2
		kill -KILL "$pid" 2>/dev/null || true
		await_exit "$pid" 5 || true
	fi
	wait "$pid" 2>/dev/null || true
}

finish() {
	local rc=$?
	trap - EXIT INT TERM
	set +e
	if alive "$load_pid"; then
		# the end of its input: the generator stops its clients and writes its report
		exec 7>&-
		await_exit "$load_pid" 20 || stop_pid "$load_pid"
		wait "$load_pid" 2>/dev/null
		[[ ! -s $work/load/report.txt ]] || cat "$work/load/report.txt"
	fi
	# the replicas stop in parallel: graceful shutdown may take its time on each
	local i
	for i in "${REPLICAS[@]}"; do
		alive "${replica_pid[$i]:-}" && kill -TERM "${replica_pid[$i]}" 2>/dev/null
	done
	for i in "${REPLICAS[@]}"; do
		stop_pid "${replica_pid[$i]:-}"
	done
	stop_pid "$nginx_pid" QUIT
	stop_pid "$redis_pid"
	# fast shutdown, as pg_ctl stop -m fast does
	stop_pid "$pg_pid" INT
	stop_pid "$watchdog_pid"
	if ((rc == 0)); then
		[[ -z $work ]] || rm -rf "$work"
		echo "PASS: cluster-test: three replicas behind nginx lost no request and no write (${SECONDS}s)"
	else
		if [[ -n $work ]]; then
			for f in "$work"/replica-*/app.log "$work"/nginx/logs/error.log "$work"/load/stderr.log; do
				[[ -s $f ]] || continue
				echo "--- last 25 lines of $f" >&2
				tail -n 25 "$f" >&2
			done
		fi
		echo "FAIL: cluster-test: ${reason:-unexpected error (exit $rc)}${work:+ (files kept in $work)}" >&2
	fi
	exit "$rc"
}
trap finish EXIT
trap 'reason=${reason:-"interrupted"}; exit 130' INT
trap 'reason=${reason:-"terminated"}; [[ ! -f ${work:-/nonexistent}/timed-out ]] || reason="time limit of ${TIME_LIMIT}s reached"; exit 143' TERM

# A port nothing listens on, below Linux's ephemeral range, not handed out before. Pure bash: a refused
# connection means free.
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

# ---- tools

pg_bin_dir() {
	local dir candidates=()
	if command -v pg_ctl >/dev/null; then
		candidates+=("$(dirname "$(command -v pg_ctl)")")
	fi
	candidates+=(/usr/local/bin)
	mapfile -t -O "${#candidates[@]}" candidates < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV)
	for dir in "${candidates[@]}"; do
		if [[ -x $dir/pg_ctl && -x $dir/initdb && -x $dir/postgres ]]; then
			echo "$dir"
			return 0
		fi
	done
	return 1
}

find_tool() {
	local name=$1 dir
	command -v "$name" 2>/dev/null && return 0
	for dir in /usr/sbin /usr/local/sbin /sbin; do
		[[ -x $dir/$name ]] && echo "$dir/$name" && return 0
	done
	return 1
}

install_missing() {
	local missing=()
	pg_bin_dir >/dev/null || missing+=(postgresql)
	find_tool psql >/dev/null || missing+=(postgresql-client)
	find_tool redis-server >/dev/null && find_tool redis-cli >/dev/null || missing+=(redis-server)
	find_tool nginx >/dev/null || missing+=(nginx)
	find_tool curl >/dev/null || missing+=(curl)
	((${#missing[@]} > 0)) || return 0
	if ((EUID != 0)) || ! command -v apt-get >/dev/null; then
		fail "missing ${missing[*]}: install them (as root, apt-get install -y ${missing[*]})"
	fi
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -q "${missing[@]}" >"$work/apt.log" 2>&1; then
		apt-get update -q >>"$work/apt.log" 2>&1 || true
		apt-get install -y -q "${missing[@]}" >>"$work/apt.log" 2>&1 || fail "apt-get install ${missing[*]} failed (see $work/apt.log)"
	fi
}

# ---- PostgreSQL, as the postgres user when we are root (initdb refuses root)

as_pg() {
	if ((EUID == 0)); then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

psql_db() {
	PGPASSWORD=$pg_password PGCONNECT_TIMEOUT=5 "$psql_cmd" -h 127.0.0.1 -p "$pg_port" -U codexlb -v ON_ERROR_STOP=1 "$@"
}

start_postgres() {
	local pg_dir=$work/pg
	mkdir "$pg_dir"
	((EUID != 0)) || chown postgres: "$pg_dir"
	chmod 700 "$pg_dir"
	printf '%s\n' "$pg_password" >"$pg_dir/password"
	((EUID != 0)) || chown postgres: "$pg_dir/password"
	as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U codexlb --pwfile="$pg_dir/password" --auth-local=trust \
		--auth-host=scram-sha-256 -E UTF8 --no-sync >"$work/initdb.log" 2>&1 || fail "initdb failed (see $work/initdb.log)"
	cat >>"$pg_dir/data/postgresql.conf" <<-EOF
		listen_addresses = '127.0.0.1'
		port = $pg_port
		unix_socket_directories = ''
		max_connections = 60
		shared_buffers = 32MB
	EOF
	as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 start >/dev/null \
		|| fail "PostgreSQL did not start (see $pg_dir/postgres.log)"
	pg_pid=$(head -n 1 "$pg_dir/data/postmaster.pid")
	psql_db -d postgres -q -c 'CREATE DATABASE codexlb' || fail "could not create the database"
}

# ---- Redis

start_redis() {
	mkdir -p "$work/redis"
	redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work/redis" \
		--logfile "$work/redis/redis.log" --daemonize no </dev/null >>"$work/redis/stdout.log" 2>&1 7>&- &
	redis_pid=$!
	local deadline=$((SECONDS + 15))
	until [[ $(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null) == PONG ]]; do
		alive "$redis_pid" || fail "Redis exited at start (see $work/redis/redis.log)"
		((SECONDS < deadline)) || fail "Redis did not answer within 15 s"
		sleep 0.1
	done
}

# ---- the replicas

start_replica() {
	local i=$1 dir=$work/replica-$1
	mkdir -p "$dir"
	(cd "$dir" && exec "$java_cmd" "${JVM_OPTIONS[@]}" -jar "$jar" \
		--server.address=127.0.0.1 --server.port="${api_port[$i]}" \
		--management.server.address=127.0.0.1 --management.server.port="${management_port[$i]}" \
		--codex-lb.data-dir="$dir/data" \
		--codex-lb.admin-key="$admin_key" --codex-lb.encryption-key="$encryption_key" \
		--spring.datasource.url="jdbc:postgresql://127.0.0.1:$pg_port/codexlb" \
		--spring.datasource.username=codexlb --spring.datasource.password="$pg_password" \
		--codex-lb.rate-limit.store=redis --codex-lb.rate-limit.redis-url="redis://127.0.0.1:$redis_port" \
		--codex-lb.upstream.base-url=http://127.0.0.1:9/backend-api --codex-lb.upstream.auth-base-url=http://127.0.0.1:9) \
		</dev/null >>"$dir/app.log" 2>&1 7>&- &
	replica_pid[$i]=$!
}

await_ready() {
	local i=$1 started=$SECONDS
	local deadline=$((SECONDS + READY_TIMEOUT))
	while ((SECONDS < deadline)); do
		alive "${replica_pid[$i]}" || fail "replica $i exited before it was ready (see $work/replica-$i/app.log)"
		if [[ $(curl -s --max-time 2 -o /dev/null -w '%{http_code}' \
			"http://127.0.0.1:${management_port[$i]}/actuator/health/readiness" || true) == 200 ]]; then
			log "replica $i ready (pid ${replica_pid[$i]}, port ${api_port[$i]}) after $((SECONDS - started)) s"
			return 0
		fi
		sleep 0.25
	done
	fail "replica $i was not ready within ${READY_TIMEOUT}s"
}

# SIGTERM, and the graceful shutdown must end on its own
stop_replica() {
	local i=$1 pid=${replica_pid[$1]} started=$SECONDS
	kill -TERM "$pid"
	await_exit "$pid" "$STOP_TIMEOUT" || fail "replica $i did not exit within ${STOP_TIMEOUT}s of SIGTERM"
	local rc=0
	wait "$pid" || rc=$?
	log "replica $i stopped after SIGTERM in $((SECONDS - started)) s (exit $rc)"
}

# ---- the load generator, driven through a FIFO on its standard input (fd 7 here). Every process started
# after it is opened gets "7>&-": one that kept the FIFO open would keep the generator from seeing its end.

send() {
	alive "$load_pid" || fail "the load generator exited (see $work/load/stderr.log)"
	printf '%s\n' "$*" >&7
}

# runs a rate-limit check in the load generator and waits for its result
check_quota() {
	local tag=$1 command=$2 limit=$3
	send "$command"
	local deadline=$((SECONDS + limit))
	until [[ -f $work/load/$tag.result ]]; do
		((SECONDS < deadline)) || fail "the check $tag gave no result within ${limit}s"
		alive "$load_pid" || fail "the load generator exited (see $work/load/stderr.log)"
		sleep 0.1
	done
	log "$tag: $(cat "$work/load/$tag.result")"
}

# the sum of a counter over the replicas' Prometheus endpoints
metric_sum() {
	local name=$1 i total=0 value
	for i in "${@:2}"; do
		value=$(curl -s --max-time 5 "http://127.0.0.1:${management_port[$i]}/actuator/prometheus" \
			| awk -v name="$name" 'index($0, name) == 1 { sum += $NF } END { printf "%d", sum }') || value=0
		total=$((total + ${value:-0}))
	done
	echo "$total"
}

# nginx sends a replica that was down nothing until its fail_timeout has passed: the check waits for the
# restarted replica's first models requests, so that the fresh key is limited by it too
await_traffic() {
	local i=$1 started=$SECONDS deadline=$((SECONDS + 20))
	until (($(metric_sum codex_lb_models_requests_seconds_count "$i") > 0)); do
		((SECONDS < deadline)) || fail "nginx sent replica $i no request within 20 s of its readiness"
		sleep 0.2
	done
	log "replica $i gets requests through nginx after $((SECONDS - started)) s"
}

# A Redis call slower than codex-lb.rate-limit.redis-timeout (100 ms) counts as a Redis failure, and its request
# is limited by the replica alone (local-fallback): on a busy machine a stall does that, and a quota check
# that saw it proves nothing about the shared buckets. Such a check is not counted and is made again with a
# fresh key, at most twice; a check with no Redis failure counts at once. CLUSTER_TEST_STRICT_QUOTA=1 counts
# every check.
quota_after_restart() {
	local tag=$1 name attempt i i_failed failed by_replica attempts=3
	local -A before=()
	[[ ${CLUSTER_TEST_STRICT_QUOTA:-0} == 0 ]] || attempts=1
	for ((attempt = 1; attempt <= attempts; attempt++)); do
		name=$tag
		((attempt == 1)) || name=$tag-$attempt
		for i in "${REPLICAS[@]}"; do
			before[$i]=$(metric_sum codex_lb_rate_limit_store_failures_total "$i")
		done
		check_quota "$name" "quota $name $QUOTA_RPM $QUOTA_REQUESTS" 60
		failed=0
		by_replica=""
		for i in "${REPLICAS[@]}"; do
			i_failed=$(($(metric_sum codex_lb_rate_limit_store_failures_total "$i") - before[$i]))
			failed=$((failed + i_failed))
			by_replica+="${by_replica:+, }replica $i: $i_failed"
		done
		[[ $(<"$work/load/$name.result") != pass* ]] || return 0
		((failed > 0 && attempt < attempts)) || return 0
		log "$name: $failed Redis call(s) failed or timed out meanwhile ($by_replica); again"
		send "void $name $failed Redis calls failed or took longer than the redis-timeout meanwhile ($by_replica), limited locally; made again"
		await_shared_limits
	done
}

# After Redis failures a replica's breaker stays open for a while and limits on its own without calling Redis
# (so without counting failures): a check made again before every replica reports rateLimit UP again would
# measure the local buckets. Waits up to 30 s, then lets the check run and count.
await_shared_limits() {
	local i up deadline=$((SECONDS + 30))
	while ((SECONDS < deadline)); do
		up=0
		for i in "${REPLICAS[@]}"; do
			curl -s --max-time 2 -o "$work/health-$i.json" "http://127.0.0.1:${management_port[$i]}/actuator/health" || true
			grep -Eq '"rateLimit":\{("details":\{[^}]*\},)?"status":"UP"' "$work/health-$i.json" && up=$((up + 1))
		done
		((up < ${#REPLICAS[@]})) || return 0
		sleep 0.5
	done
	log "not every replica reports rateLimit UP 30 s after the Redis failures; checking anyway"
}

# ---- set-up

[[ $TIME_LIMIT =~ ^[0-9]+$ ]] || fail "CLUSTER_TEST_TIMEOUT must be a number of seconds"
work=$(mktemp -d "${TMPDIR:-/tmp}/codex-lb-cluster.XXXXXX")
# the postgres user must reach its data folder inside
chmod 755 "$work"

# the time limit: a process of its own (bash's read, not sleep, so that nothing outlives it)
mkfifo "$work/watchdog"
(
	exec 9<>"$work/watchdog"
	read -r -t "$TIME_LIMIT" -u 9 || { : >"$work/timed-out" && kill -TERM $$ 2>/dev/null; }
) &
watchdog_pid=$!

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$java_cmd" >/dev/null || fail "java not found (set JAVA_HOME or put java on PATH)"
install_missing
pg_bin=$(pg_bin_dir) || fail "initdb, pg_ctl and postgres not found"
psql_cmd=$(find_tool psql) || fail "psql not found"
nginx_cmd=$(find_tool nginx) || fail "nginx not found"
if ((EUID == 0)); then
	id postgres >/dev/null 2>&1 || fail "no postgres user to run PostgreSQL as"
fi

shopt -s nullglob
jars=(target/codex-lb-*.jar)
shopt -u nullglob
# a jar older than a source or the POM is of other code: the test would prove nothing of this one
if ((${#jars[@]} == 1)) && [[ -n $(find src pom.xml -newer "${jars[0]}" -type f -print -quit) ]]; then
	log "${jars[0]} is older than the sources: building it again"
	jars=()
fi
if ((${#jars[@]} == 0)); then
	log "no current jar in target/: building it"
	./mvnw -B -q package -DskipTests || fail "the build failed"
	jars=(target/codex-lb-*.jar)
fi
((${#jars[@]} == 1)) || fail "expected one target/codex-lb-*.jar, found ${#jars[@]}"
jar=$PWD/${jars[0]}
log "$("$java_cmd" -version 2>&1 | head -n 1), $jar, PostgreSQL in $pg_bin, $nginx_cmd; files in $work"

# the load generator, compiled once
mkdir "$work/load"
javac_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
if command -v "$javac_cmd" >/dev/null; then
	"$javac_cmd" -d "$work/load/classes" ci/ClusterLoad.java || fail "ci/ClusterLoad.java does not compile"
	load_cmd=("$java_cmd" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$work/load/classes" ClusterLoad)
else
	load_cmd=("$java_cmd" -Xmx128m -XX:+UseSerialGC ci/ClusterLoad.java)
fi

for i in "${REPLICAS[@]}"; do
	api_port[$i]=$(free_port) || fail "no free port"
	management_port[$i]=$(free_port) || fail "no free port"
done
pg_port=$(free_port) || fail "no free port"
redis_port=$(free_port) || fail "no free port"
lb_port=$(free_port) || fail "no free port"

random_base64() {
	head -c 32 /dev/urandom | base64 | tr -d '\n'
}
admin_key="sk-clb-$(random_base64 | tr '+/' '-_' | tr -d '=')"
encryption_key=$(random_base64)
pg_password=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')

start_postgres
log "PostgreSQL ready on 127.0.0.1:$pg_port (pid $pg_pid)"
start_redis
log "Redis ready on 127.0.0.1:$redis_port (pid $redis_pid)"

# all three at once, as a deployment starts them: Flyway's lock lets one migrate, the admin key is installed
# once
for i in "${REPLICAS[@]}"; do
	start_replica "$i"
done
for i in "${REPLICAS[@]}"; do
	await_ready "$i"
done

mkdir -p "$work/nginx/logs" "$work/nginx/temp"
sed -e "s|listen 127.0.0.1:2455;|listen 127.0.0.1:$lb_port;|" \
	-e "s|server 127.0.0.1:2461 |server 127.0.0.1:${api_port[1]} |" \
	-e "s|server 127.0.0.1:2462 |server 127.0.0.1:${api_port[2]} |" \
	-e "s|server 127.0.0.1:2463 |server 127.0.0.1:${api_port[3]} |" \
	deploy/nginx-cluster.conf >"$work/nginx/nginx.conf"
for port in "$lb_port" "${api_port[1]}" "${api_port[2]}" "${api_port[3]}"; do
	grep -q "127.0.0.1:${port}[; ]" "$work/nginx/nginx.conf" || fail "deploy/nginx-cluster.conf: port $port not set"
done
"$nginx_cmd" -p "$work/nginx/" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" -g 'daemon off;' \
	</dev/null >>"$work/nginx/stdout.log" 2>&1 &
nginx_pid=$!
base="http://127.0.0.1:$lb_port"
deadline=$((SECONDS + 15))
until [[ $(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$base/backend-api/codex/models" || true) == 401 ]]; do
	alive "$nginx_pid" || fail "nginx exited at start (see $work/nginx/logs/error.log)"
	((SECONDS < deadline)) || fail "nginx did not answer within 15 s"
	sleep 0.1
done
log "nginx ready on 127.0.0.1:$lb_port (pid $nginx_pid)"

# keys of the load: limits far above what it sends
"${load_cmd[@]}" keys --base "$base" --admin-key "$admin_key" --count 4 --rpm 1000000 \
	--writes "$work/load/admin-writes.tsv" >"$work/load/keys" 2>>"$work/load/stderr.log" \
	|| fail "could not create the keys of the load (see $work/load/stderr.log)"

mkfifo "$work/load/commands"
"${load_cmd[@]}" run --base "$base" --admin-key "$admin_key" --keys "$work/load/keys" --out "$work/load" \
	--writes "$work/load/admin-writes.tsv" --access-log "$work/nginx/logs/access.log" \
	--models-clients 6 --admin-clients 2 --models-pause-ms 20 --admin-pause-ms 100 --timeout-s 10 \
	<"$work/load/commands" >"$work/load/report.txt" 2>>"$work/load/stderr.log" &
load_pid=$!
exec 7>"$work/load/commands"
log "load running through nginx (pid $load_pid)"

# ---- the phases

sleep 5

send "phase rolling"
for i in "${REPLICAS[@]}"; do
	stop_replica "$i"
	start_replica "$i"
	await_ready "$i"
	await_traffic "$i"
	quota_after_restart "quota-r$i"
done

send "phase kill-9"
victim=2
killed_before=$(date +%s%3N)
kill -KILL "${replica_pid[$victim]}"
send "mark-kill ${api_port[$victim]} $killed_before $(date +%s%3N)"
wait "${replica_pid[$victim]}" 2>/dev/null || true
log "replica $victim killed with SIGKILL"
sleep 3
start_replica "$victim"
await_ready "$victim"
await_traffic "$victim"
quota_after_restart "quota-k"

send "phase redis"
redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
await_exit "$redis_pid" 10 || fail "Redis did not stop"
wait "$redis_pid" 2>/dev/null || true
down_at=$SECONDS
log "Redis stopped"
# each replica notices, and limits on its own meanwhile (local-fallback)
degraded=0
deadline=$((SECONDS + REDIS_DOWN_SECONDS))
while ((SECONDS < deadline)); do
	degraded=0
	for i in "${REPLICAS[@]}"; do
		curl -s --max-time 2 -o "$work/health-$i.json" "http://127.0.0.1:${management_port[$i]}/actuator/health" || true
		grep -Eq '"rateLimit":\{("details":\{[^}]*\},)?"status":"DEGRADED"' "$work/health-$i.json" \
			&& degraded=$((degraded + 1))
	done
	((degraded < ${#REPLICAS[@]})) || break
	sleep 0.5
done
if ((degraded == ${#REPLICAS[@]})); then
	send "check redis-down pass 3/3 all replicas report rateLimit DEGRADED while Redis is down"
else
	send "check redis-down fail $degraded/3 only $degraded replica(s) report rateLimit DEGRADED while Redis is down"
fi
sleep $((REDIS_DOWN_SECONDS - (SECONDS - down_at) > 0 ? REDIS_DOWN_SECONDS - (SECONDS - down_at) : 0))
start_redis
log "Redis started again on port $redis_port (pid $redis_pid) after $((SECONDS - down_at)) s down"
check_quota recover-redis "recover recover-redis $QUOTA_RPM $QUOTA_REQUESTS 90" 120
quota_after_restart "quota-redis"

send "phase postgres"
sleep 2
writes_before=$(wc -l <"$work/load/admin-writes.tsv")
restart_started=$SECONDS
as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" -m fast -w -t 60 restart >/dev/null 7>&- \
	|| fail "pg_ctl restart failed (see $work/pg/postgres.log)"
pg_pid=$(head -n 1 "$work/pg/data/postmaster.pid")
log "PostgreSQL restarted in $((SECONDS - restart_started)) s (pid $pg_pid)"
# the writes go on once the replicas have new connections
deadline=$((SECONDS + 30))
until (($(wc -l <"$work/load/admin-writes.tsv") >= writes_before + 10)); do
	((SECONDS < deadline)) || break
	sleep 0.2
done
if (($(wc -l <"$work/load/admin-writes.tsv") >= writes_before + 10)); then
	send "check writes-back pass $((SECONDS - restart_started))s admin writes answered 2xx again $((SECONDS - restart_started)) s after the restart began"
else
	send "check writes-back fail - admin writes not answered 2xx within 30 s of the PostgreSQL restart"
fi
sleep 3

# ---- the end: every answered write in the database

send "phase end"
send "drain"
deadline=$((SECONDS + 30))
until [[ -f $work/load/drained ]]; do
	((SECONDS < deadline)) || fail "the load generator did not stop its clients"
	sleep 0.1
done
psql_db -d codexlb -At -F $'\t' -c 'SELECT id, requests_per_minute FROM api_keys' >"$work/db-keys.tsv" \
	|| fail "could not read api_keys"
# the expected rate per id: the last answered write wins (a PATCH comes after its create)
result=$(awk -F '\t' '
	FNR == NR { stored[$1] = $2; next }
	{ expected[$1] = $3; writes++; if ($2 == "patch") patches++ }
	END {
		for (id in expected) {
			ids++
			if (!(id in stored)) missing++
			else if (stored[id] != expected[id]) wrong++
		}
		printf "%d %d %d %d %d", writes, patches + 0, ids, missing + 0, wrong + 0
	}' "$work/db-keys.tsv" "$work/load/admin-writes.tsv")
read -r writes patches _ missing wrong <<<"$result"
if ((writes > 0 && missing == 0 && wrong == 0)); then
	send "check database pass $writes/$writes all $writes answered admin writes ($((writes - patches)) creates, $patches patches) are in PostgreSQL"
else
	send "check database fail $((writes - missing - wrong))/$writes of $writes answered admin writes: $missing keys missing from PostgreSQL, $wrong with another rate limit"
fi

exec 7>&-
load_rc=0
wait "$load_pid" || load_rc=$?
load_pid=""
cat "$work/load/report.txt"
log "done"
((load_rc == 0)) || fail "requests failed or checks failed (table above)"
