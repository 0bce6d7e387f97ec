#!/usr/bin/env bash
# Admin writes per second on the embedded default (H2 file database), against a baseline in the same run:
#   lazy     H2 with its default write delay (commits reach the file up to 500 ms later; what main had before)
#   durable  the service's default URL (WRITE_DELAY=0: every commit is in the file before the answer)
# Each client loops create, PATCH is_active=false, DELETE. Loopback only; every process stopped by PID.
#
#   bench/admin-writes.sh                     # 8 clients, 20 s per configuration, 2 rounds
#   BENCH_CLIENTS=4 BENCH_DURATION=30 BENCH_ROUNDS=3 bench/admin-writes.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=ci/jdk25.sh
source ci/jdk25.sh
JAVA=${BENCH_JAVA:-}
if [[ -z $JAVA ]]; then
	# a JDK 25 where there is one, else the java on the PATH
	JAVA=$(jdk25_home)/bin/java || JAVA=java
fi
CLIENTS=${BENCH_CLIENTS:-8}
DURATION=${BENCH_DURATION:-20}
ROUNDS=${BENCH_ROUNDS:-2}
ADMIN_KEY="sk-clb-$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
JAR=$(ls target/codex-lb-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)
[[ -n $JAR ]] || { echo "bench: build the jar first (./mvnw -B -q package -DskipTests)" >&2; exit 1; }

work=$(mktemp -d)
pid=
cleanup() {
	if [[ -n $pid ]]; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -rf "$work"
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

# run <label> [extra arguments]: one service, one load, the figure appended to $work/results
run() {
	local label=$1 data="$work/data-$1-$RANDOM" api management
	shift
	api=$(free_port)
	management=$(free_port)
	"$JAVA" -Xmx256m -XX:+UseSerialGC -jar "$JAR" --server.address=127.0.0.1 --server.port="$api" \
		--management.server.address=127.0.0.1 --management.server.port="$management" \
		--codex-lb.data-dir="$data" --codex-lb.admin-key="$ADMIN_KEY" \
		--codex-lb.upstream.base-url=http://127.0.0.1:9/backend-api --codex-lb.upstream.auth-base-url=http://127.0.0.1:9 \
		"$@" >>"$work/service.log" 2>&1 &
	pid=$!
	local deadline=$((SECONDS + 120))
	until curl -fs -o /dev/null "http://127.0.0.1:$management/actuator/health/readiness"; do
		((SECONDS < deadline)) || { echo "bench: the service did not become ready" >&2; tail -50 "$work/service.log" >&2; exit 1; }
		sleep 0.1
	done
	# a short warm-up, not counted
	"$JAVA" bench/AdminWrites.java "$api" "$ADMIN_KEY" "$CLIENTS" 5 "warmup" >/dev/null
	"$JAVA" bench/AdminWrites.java "$api" "$ADMIN_KEY" "$CLIENTS" "$DURATION" "$label" | tee -a "$work/results"
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
}

for round in $(seq 1 "$ROUNDS"); do
	run lazy '--spring.datasource.url=jdbc:h2:file:${codex-lb.data-dir}/codex-lb;DB_CLOSE_ON_EXIT=FALSE'
	run durable
done

awk '{ split($4, v, "="); sum[$1] += v[2]; n[$1]++ }
	END {
		lazy = sum["lazy"] / n["lazy"]; durable = sum["durable"] / n["durable"]
		printf "\nadmin writes per second (%d clients, mean of %d rounds)\n", '"$CLIENTS"', n["lazy"]
		printf "  lazy (H2 default write delay): %8.0f\n", lazy
		printf "  durable (WRITE_DELAY=0):       %8.0f   ratio %.2f\n", durable, durable / lazy
	}' "$work/results"
