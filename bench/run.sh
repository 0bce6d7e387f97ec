#!/usr/bin/env bash
# Throughput and cost of the models endpoint against two baselines, measured in the same run on this machine:
#   nginx   the same body as a static file behind a bearer check (the ceiling)
#   bare    a bare Spring MVC endpoint returning the same bytes, no security (same JVM settings)
#   service the full path: security filter, key cache, bucket take, pre-rendered body
# The service runs the way the Docker image runs it: the extracted jar with a JDK 25 AOT cache trained first.
# Before the load, the time to readiness is measured over several fresh starts, with and without the cache.
# Everything on loopback; every process is stopped at the end, by PID.
#
#   bench/run.sh                       # defaults: 45 s warm-up, 2 rounds of 20 s at c32 and c128
#   BENCH_WARMUP=60 BENCH_DURATION=30 BENCH_ROUNDS=3 bench/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=ci/jdk25.sh
source ci/jdk25.sh
JAVA=${BENCH_JAVA:-$(require_jdk25_home)/bin/java}
# the Docker image's collector; the heap capped, not pre-committed
JVM_OPTS=${BENCH_JVM_OPTS:--Xmx256m -XX:+UseSerialGC}
STARTS=${BENCH_STARTS:-3}
WARMUP=${BENCH_WARMUP:-45}
DURATION=${BENCH_DURATION:-20}
ROUNDS=${BENCH_ROUNDS:-2}
THREADS=${BENCH_THREADS:-2}
ADMIN_KEY="sk-clb-$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
TICKS=$(getconf CLK_TCK)

for tool in wrk nginx curl; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk nginx curl)" >&2; exit 1; }
done
[[ -x $JAVA ]] || { echo "bench: no java at $JAVA (set BENCH_JAVA)" >&2; exit 1; }

pids=()
cleanup() {
	for pid in "${pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT

free_port() {
	local port
	for _ in $(seq 1 100); do
		port=$((20000 + RANDOM % 12000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
	done
	return 1
}

# process CPU time (user + system) in clock ticks, children threads included
cpu_ticks() {
	local total=0 pid
	for pid in "$@"; do
		read -r -a stat < "/proc/$pid/stat"
		total=$((total + stat[13] + stat[14]))
	done
	echo "$total"
}

wait_ready() {
	local url=$1 deadline=$((SECONDS + 120))
	until curl -fs -o /dev/null "$url"; do
		((SECONDS < deadline)) || { echo "bench: $url did not become ready" >&2; exit 1; }
		sleep 0.02
	done
}

# start_service <data dir> <api port> <management port> <java options...>: starts the service in the background
start_service() {
	local data=$1 api=$2 management=$3
	shift 3
	# shellcheck disable=SC2086
	"$JAVA" $JVM_OPTS "$@" -jar "$work/app/codex-lb.jar" --server.address=127.0.0.1 --server.port="$api" \
		--management.server.address=127.0.0.1 --management.server.port="$management" \
		--codex-lb.data-dir="$data" --codex-lb.admin-key="$ADMIN_KEY" \
		--codex-lb.rate-limit.default.requests-per-minute=1000000000 >>"$work/service.log" 2>&1 &
}

# ready_ms <java options...>: the milliseconds from the start of a fresh service to readiness UP
ready_ms() {
	local api management started pid ms
	api=$(free_port); management=$(free_port)
	started=$(date +%s%N)
	start_service "$(mktemp -d "$work/start.XXXXXX")" "$api" "$management" "$@"
	pid=$!
	if ! (wait_ready "http://127.0.0.1:$management/actuator/health/readiness"); then
		kill -KILL "$pid"
		exit 1
	fi
	ms=$(( ($(date +%s%N) - started) / 1000000 ))
	kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
	echo "$ms"
}

median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

echo "== build"
./mvnw -q -B -DskipTests package
# the baseline on the main build's Spring Boot version
boot_version=$(./mvnw -q -B help:evaluate -Dexpression=project.parent.version -DforceStdout)
./mvnw -q -B -f bench/bare/pom.xml -DskipTests -Dspring-boot.version="$boot_version" package
mkdir -p target
work=$(mktemp -d "$PWD/target/bench.XXXXXX")
# nginx's workers run as an unprivileged user: they must be able to read the body file
chmod 755 "$work"
# the Dockerfile's layout and training run
"$JAVA" -Djarmode=tools -jar target/codex-lb-*.jar extract --layers --destination "$work/extracted" \
	--application-filename codex-lb.jar >/dev/null
mkdir "$work/app"
for layer in dependencies spring-boot-loader snapshot-dependencies application; do
	cp -R "$work/extracted/$layer/." "$work/app/"
done
# shellcheck disable=SC2086
"$JAVA" $JVM_OPTS -XX:AOTCacheOutput="$work/app/codex-lb.aot" -Dspring.context.exit=onRefresh \
	-jar "$work/app/codex-lb.jar" --codex-lb.data-dir="$work/aot-training" --server.address=127.0.0.1 \
	--server.port=0 --management.server.address=127.0.0.1 --management.server.port=0 >"$work/aot-training.log" 2>&1
AOT=(-XX:AOTCache="$work/app/codex-lb.aot" -XX:AOTMode=on)

echo "== time to readiness: $STARTS fresh starts each (JDK: $("$JAVA" -version 2>&1 | head -1))"
plain=(); cached=()
for _ in $(seq 1 "$STARTS"); do
	plain+=("$(ready_ms)")
	cached+=("$(ready_ms "${AOT[@]}")")
done
plain_ms=$(median "${plain[@]}"); aot_ms=$(median "${cached[@]}")
echo "without the AOT cache: ${plain[*]} ms (median $plain_ms); with it: ${cached[*]} ms (median $aot_ms)"

echo "== start the service (with the AOT cache)"
service_port=$(free_port); management_port=$(free_port)
start_service "$work/data" "$service_port" "$management_port" "${AOT[@]}"
service_pid=$!; pids+=("$service_pid")
wait_ready "http://127.0.0.1:$management_port/actuator/health/readiness"
service_url="http://127.0.0.1:$service_port/backend-api/codex/models"
curl -fs "$service_url" -H "Authorization: Bearer $ADMIN_KEY" -o "$work/body.json"
chmod 644 "$work/body.json"
echo "body $(wc -c < "$work/body.json") bytes"

echo "== start the baselines"
bare_port=$(free_port)
# shellcheck disable=SC2086
"$JAVA" $JVM_OPTS -Dbench.body="$work/body.json" -jar bench/bare/target/bare.jar --server.address=127.0.0.1 \
	--server.port="$bare_port" >"$work/bare.log" 2>&1 &
bare_pid=$!; pids+=("$bare_pid")
nginx_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
	access_log off;
	server_tokens off;
	server {
		listen 127.0.0.1:$nginx_port;
		location = /backend-api/codex/models {
			if (\$http_authorization != "Bearer $ADMIN_KEY") { return 401; }
			default_type application/json;
			alias $work/body.json;
		}
	}
}
CONF
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
nginx_pid=$!; pids+=("$nginx_pid")
bare_url="http://127.0.0.1:$bare_port/backend-api/codex/models"
nginx_url="http://127.0.0.1:$nginx_port/backend-api/codex/models"
wait_ready "$bare_url"
deadline=$((SECONDS + 30))
until curl -fs -o /dev/null "$nginx_url" -H "Authorization: Bearer $ADMIN_KEY"; do
	((SECONDS < deadline)) || { echo "bench: nginx does not serve the body (see $work/nginx-error.log)" >&2; exit 1; }
	sleep 0.05
done
[[ $(curl -s -o /dev/null -w '%{http_code}' "$nginx_url") == 401 ]] || { echo "bench: nginx does not check the key" >&2; exit 1; }
cmp -s "$work/body.json" <(curl -fs "$bare_url") || { echo "bench: bare body differs" >&2; exit 1; }
nginx_pids() { echo "$nginx_pid" $(pgrep -P "$nginx_pid" || true); }

run_wrk() { # name url connections seconds -> prints "rps p50 p99 requests cpu_us"
	local name=$1 url=$2 connections=$3 seconds=$4 pids_of before after out
	case $name in
		nginx) pids_of=$(nginx_pids) ;;
		bare) pids_of=$bare_pid ;;
		service) pids_of=$service_pid ;;
	esac
	# shellcheck disable=SC2086
	before=$(cpu_ticks $pids_of)
	out=$(wrk -t"$THREADS" -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $ADMIN_KEY" "$url")
	# shellcheck disable=SC2086
	after=$(cpu_ticks $pids_of)
	local rps p50 p99 requests non2xx
	rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	requests=$(awk '/requests in/ {print $1}' <<<"$out")
	non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out")
	if [[ -n $non2xx ]]; then echo "bench: $name answered $non2xx non-2xx responses" >&2; exit 1; fi
	awk -v r="$rps" -v a="$p50" -v b="$p99" -v n="$requests" -v t=$((after - before)) -v hz="$TICKS" \
		'BEGIN { printf "%s %s %s %d %.1f\n", r, a, b, n, t / hz * 1e6 / n }'
}

echo "== warm-up: ${WARMUP} s each"
for name in nginx bare service; do
	url_var="${name}_url"
	run_wrk "$name" "${!url_var}" 32 "$WARMUP" >/dev/null
done

echo "== measure: $ROUNDS rounds of ${DURATION} s, c32 and c128 interleaved"
declare -A rps_sum cpu_sum p50_last p99_last
for round in $(seq 1 "$ROUNDS"); do
	for connections in 32 128; do
		for name in nginx bare service; do
			url_var="${name}_url"
			read -r rps p50 p99 requests cpu <<<"$(run_wrk "$name" "${!url_var}" "$connections" "$DURATION")"
			printf "round %d c%-3d %-8s %10.0f req/s  p50 %-8s p99 %-8s %8.1f us CPU/req\n" \
				"$round" "$connections" "$name" "$rps" "$p50" "$p99" "$cpu"
			key="$name/$connections"
			rps_sum[$key]=$(awk -v a="${rps_sum[$key]:-0}" -v b="$rps" 'BEGIN { print a + b }')
			cpu_sum[$key]=$(awk -v a="${cpu_sum[$key]:-0}" -v b="$cpu" 'BEGIN { print a + b }')
			p50_last[$key]=$p50; p99_last[$key]=$p99
		done
	done
done

rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$service_pid/status")
echo
echo "== summary (means of $ROUNDS rounds; $(nproc) cores, $(uname -m), $("$JAVA" -version 2>&1 | head -1))"
printf "%-8s %-5s %10s %10s %10s %12s\n" server conc "req/s" p50 p99 "us CPU/req"
for connections in 32 128; do
	for name in nginx bare service; do
		key="$name/$connections"
		printf "%-8s c%-4d %10.0f %10s %10s %12.1f\n" "$name" "$connections" \
			"$(awk -v s="${rps_sum[$key]}" -v n="$ROUNDS" 'BEGIN { print s / n }')" "${p50_last[$key]}" \
			"${p99_last[$key]}" "$(awk -v s="${cpu_sum[$key]}" -v n="$ROUNDS" 'BEGIN { print s / n }')"
	done
done
for connections in 32 128; do
	awk -v c="$connections" -v sn="${rps_sum[nginx/$connections]}" -v sb="${rps_sum[bare/$connections]}" \
		-v ss="${rps_sum[service/$connections]}" -v cn="${cpu_sum[nginx/$connections]}" \
		-v cs="${cpu_sum[service/$connections]}" -v cb="${cpu_sum[bare/$connections]}" 'BEGIN {
		printf "c%-4d service/nginx req/s %.2f   service/bare req/s %.2f   service/nginx CPU per request %.2fx   bare/nginx CPU per request %.2fx\n",
			c, ss / sn, ss / sb, cs / cn, cb / cn }'
done
echo "service: ready after ${aot_ms} ms with the AOT cache (${plain_ms} ms without; medians of $STARTS fresh starts), RSS after load $((rss_kb / 1024)) MB, JVM options: $JVM_OPTS"
