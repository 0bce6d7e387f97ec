#!/usr/bin/env bash
# Slow request bodies must not starve the service.
#
# Takes target/codex-lb-*.jar (run it after `./mvnw -B -q package -DskipTests` or `./mvnw -B verify`; it
# builds nothing) and starts it on free loopback ports with a fresh data directory and a generated admin
# key. Then ci/SlowBodyProbe.java, as an attacker, keeps SLOW_BODY_CONNECTIONS (500) connections without a
# key open, each a POST that declares a 60000-byte body and sends one byte of it every 2 s (half to
# /api/api-keys, half to /backend-api/codex/models). A connection the service closes is opened again at once
# (SLOW_BODY_RECONNECT=eof, the default), or only when a write on it fails (SLOW_BODY_RECONNECT=write, as a
# tool that never reads would). Beside it, as a well-behaved client, the probe polls
# GET /backend-api/codex/models with the key every 0.2 s, and after 5 s of warm-up under attack measures
# SLOW_BODY_SECONDS (25) of it. Prints the client's count, p50, p95, max and timeouts, and the attacker's
# figures; exits 1 when p95 is over SLOW_BODY_P95_LIMIT_MS (50) or any request timed out
# (SLOW_BODY_CLIENT_TIMEOUT_MS, 2000) or failed. The attacker runs at the lowest CPU priority (nice 19). The
# client is measured alone for 5 s first, and again after a failed run: when it misses the limit even then, the
# machine is too busy to tell, and the run exits 2.
# Everything it starts is stopped by PID on exit; bounded by SLOW_BODY_READY_TIMEOUT (120 s) for the start
# and by the measured time plus 60 s for each half of the probe. Loopback only. Needs bash, java 17 or later
# (JAVA_HOME or PATH), curl and nice.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly CONNECTIONS=${SLOW_BODY_CONNECTIONS:-500}
readonly DURATION=${SLOW_BODY_SECONDS:-25}
readonly P95_LIMIT_MS=${SLOW_BODY_P95_LIMIT_MS:-50}
readonly CLIENT_TIMEOUT_MS=${SLOW_BODY_CLIENT_TIMEOUT_MS:-2000}
# eof: an attacker connection the service closes is opened again at once; write: only when a write on it fails
readonly RECONNECT=${SLOW_BODY_RECONNECT:-eof}
readonly READY_TIMEOUT=${SLOW_BODY_READY_TIMEOUT:-120}
readonly STOP_TIMEOUT=30
# the Docker image's collector; a cap so that a run does not take the memory of a shared machine
readonly JAVA_OPTIONS=(${SLOW_BODY_JAVA_OPTS:--XX:+UseSerialGC -Xmx384m})

# settings the caller may have exported would change what is under test
unset CODEX_LB_ADMIN_KEY SPRING_DATASOURCE_URL CODEX_LB_RATE_LIMIT_STORE

work=""
log=""
pid=""
probe_pid=""
attacker_pid=""
reason=""

fail() {
	reason=$1
	exit 1
}

stop_pid() {
	local target=$1 name=$2
	[[ -n $target ]] || return 0
	if kill -0 "$target" 2>/dev/null; then
		kill -TERM "$target" 2>/dev/null || true
		local waited=0
		while kill -0 "$target" 2>/dev/null && ((waited < STOP_TIMEOUT * 10)); do
			sleep 0.1
			waited=$((waited + 1))
		done
		if kill -0 "$target" 2>/dev/null; then
			echo "slow-body: $name (pid $target) did not stop within ${STOP_TIMEOUT}s; sending SIGKILL" >&2
			kill -KILL "$target" 2>/dev/null || true
		fi
	fi
	wait "$target" 2>/dev/null || true
}

finish() {
	local rc=$?
	trap - EXIT INT TERM
	stop_pid "$probe_pid" "the client"
	probe_pid=""
	stop_pid "$attacker_pid" "the attacker"
	attacker_pid=""
	stop_pid "$pid" "the service"
	pid=""
	if ((rc == 0)); then
		[[ -z $work ]] || rm -rf "$work"
		echo "PASS: slow-body: slow request bodies do not hold up the models endpoint"
	else
		if [[ -n $log && -s $log ]]; then
			echo "--- last 40 lines of $log" >&2
			tail -n 40 "$log" >&2
			echo "---" >&2
		fi
		local verdict=FAIL
		((rc != 2)) || verdict=INCONCLUSIVE
		echo "$verdict: slow-body: ${reason:-unexpected error (exit $rc)}${work:+ (files kept in $work)}" >&2
	fi
	exit "$rc"
}
trap finish EXIT
trap 'reason="interrupted"; exit 130' INT
trap 'reason="terminated"; exit 143' TERM

# A port nothing listens on, below Linux's ephemeral range. Pure bash: a refused connection means free.
# Where bash lacks /dev/tcp every port looks free, and a bind failure at start-up makes us try again.
free_port() {
	local taken=${1:-} port
	for _ in {1..100}; do
		port=$((20000 + RANDOM % 12000))
		[[ $port != "$taken" ]] || continue
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$java_cmd" >/dev/null || fail "java not found (set JAVA_HOME or put java on PATH)"
command -v curl >/dev/null || fail "curl not found"
command -v nice >/dev/null || fail "nice not found"

shopt -s nullglob
jars=(target/codex-lb-*.jar)
shopt -u nullglob
((${#jars[@]} == 1)) || fail "expected one target/codex-lb-*.jar, found ${#jars[@]}: run ./mvnw -B -q package -DskipTests first"
jar=$PWD/${jars[0]}

# two sockets per attacker connection (the probe's and the service's), and the rest
wanted_files=$((CONNECTIONS * 2 + 1024))
if (($(ulimit -n) < wanted_files)); then
	ulimit -n "$wanted_files" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi
(($(ulimit -n) >= CONNECTIONS + 256)) || fail "open files limited to $(ulimit -n), too few for $CONNECTIONS connections"

mkdir -p target
work=$(mktemp -d "$PWD/target/slow-body.XXXXXX")
log="$work/service.log"

# a throw-away admin key of the service's format: sk-clb- and 43 base64url characters (32 random bytes),
# passed in the environment, not on a command line others can read
admin_key="sk-clb-$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
[[ $admin_key =~ ^sk-clb-[A-Za-z0-9_-]{43}$ ]] || fail "could not generate an admin key"

data="$work/data"
for attempt in 1 2 3; do
	api_port=$(free_port) || fail "no free port found"
	management_port=$(free_port "$api_port") || fail "no free port found"
	rm -rf "$data"
	# no account, so no upstream call: the bootstrap catalog is served; the key's rate limit is out of reach
	(cd "$work" && CODEX_LB_ADMIN_KEY=$admin_key exec "$java_cmd" "${JAVA_OPTIONS[@]}" -jar "$jar" \
		--server.address=127.0.0.1 --server.port="$api_port" \
		--management.server.address=127.0.0.1 --management.server.port="$management_port" \
		--codex-lb.data-dir="$data" --codex-lb.rate-limit.default.requests-per-minute=1000000 \
		--codex-lb.upstream.base-url=http://127.0.0.1:9/backend-api \
		--codex-lb.upstream.auth-base-url=http://127.0.0.1:9) </dev/null >"$log" 2>&1 &
	pid=$!
	started=$SECONDS
	echo "started pid $pid: API on 127.0.0.1:$api_port, management on 127.0.0.1:$management_port"

	ready=false
	deadline=$((SECONDS + READY_TIMEOUT))
	while ((SECONDS < deadline)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null || true
			pid=""
			break
		fi
		status=$(curl -s --max-time 2 -o "$work/readiness.json" -w '%{http_code}' \
			"http://127.0.0.1:$management_port/actuator/health/readiness" || true)
		if [[ $status == 200 ]] && grep -q '"status":"UP"' "$work/readiness.json"; then
			ready=true
			break
		fi
		sleep 0.2
	done
	$ready && break
	if [[ -z $pid ]] && grep -q 'already in use' "$log" && ((attempt < 3)); then
		echo "a port was taken meanwhile; trying other ports"
		continue
	fi
	[[ -n $pid ]] || fail "the service exited before it was ready"
	fail "readiness was not UP within ${READY_TIMEOUT}s"
done
echo "ok: readiness UP after about $((SECONDS - started)) s"

load() {
	cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo "unknown"
}

# The client alone, without an attack: on a machine too busy to meet the limit even then, the run says so and
# exits 2 instead of blaming the service.
baseline() {
	local out="$work/baseline-$1.out" rc=0
	echo "baseline ($1): the client alone for 5 s (load average $(load))"
	SLOW_BODY_KEY=$admin_key "$java_cmd" -Dconnections=0 -Dseconds=5 -DattackWarmUpSeconds=0 -DwarmUpRequests="$2" \
		-Dp95LimitMillis="$P95_LIMIT_MS" -DclientTimeoutMillis="$CLIENT_TIMEOUT_MS" \
		ci/SlowBodyProbe.java "$api_port" >"$out" 2>&1 || rc=$?
	sed -n 's/^client/  client/p' "$out"
	if ((rc != 0)); then
		grep -q '^client: ' "$out" || fail "the baseline run failed: $(cat "$out")"
		reason="the client misses the limit without any attack ($1): the machine is too busy to measure"
		exit 2
	fi
}

# warms the models route up, as on a service that has been running
baseline before 200

# The attacker runs as a process of its own at the lowest priority: a real one spends its own machine's CPU, not
# the service's, and on a shared 2-core machine a flood of reconnects at normal priority measures the machine.
attacker_out="$work/attacker.out"
echo "attack: $CONNECTIONS slow-body connections without a key (reconnect on $RECONNECT), the client polling every 0.2 s"
nice -n 19 "$java_cmd" -Dpoll=false -Dconnections="$CONNECTIONS" -Dreconnect="$RECONNECT" -DattackWarmUpSeconds=0 \
	-Dseconds=$((DURATION + 60)) ci/SlowBodyProbe.java "$api_port" >"$attacker_out" 2>&1 &
attacker_pid=$!
deadline=$((SECONDS + 60))
until grep -q 'after ramp-up' "$attacker_out"; do
	kill -0 "$attacker_pid" 2>/dev/null || fail "the attacker exited: $(cat "$attacker_out")"
	((SECONDS < deadline)) || fail "the attacker did not ramp up within 60s"
	sleep 0.2
done
sed -n 's/^/  /p' "$attacker_out"

SLOW_BODY_KEY=$admin_key "$java_cmd" -Dconnections=0 -Dseconds="$DURATION" -DattackWarmUpSeconds=5 -DwarmUpRequests=0 \
	-Dp95LimitMillis="$P95_LIMIT_MS" -DclientTimeoutMillis="$CLIENT_TIMEOUT_MS" \
	ci/SlowBodyProbe.java "$api_port" &
probe_pid=$!
probe_deadline=$((SECONDS + DURATION + 60))
while kill -0 "$probe_pid" 2>/dev/null && ((SECONDS < probe_deadline)); do
	sleep 0.5
done
kill -0 "$probe_pid" 2>/dev/null && fail "the client did not finish within $((DURATION + 60))s"
probe_rc=0
wait "$probe_pid" || probe_rc=$?
probe_pid=""
kill -0 "$attacker_pid" 2>/dev/null || fail "the attack ended before the client did: $(cat "$attacker_out")"
# the attacker prints its figures when it is stopped
stop_pid "$attacker_pid" "the attacker"
attacker_pid=""
sed -n '2,$s/^/  /p' "$attacker_out"
echo "load average at the end: $(load)"
kill -0 "$pid" 2>/dev/null || fail "the service died during the probe"
if ((probe_rc != 0)); then
	# a machine that got busy during the run shows here too
	baseline after 0
	fail "the well-behaved client was held up (see the figures above)"
fi
