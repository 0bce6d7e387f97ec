#!/usr/bin/env bash
# Smoke test of the packaged service, started the way the Docker image starts it.
#
# Takes target/codex-lb-*.jar (run it after `./mvnw -B verify`; it builds nothing), extracts the jar's
# layers as the Dockerfile does, merges them into one folder as the Dockerfile's COPY steps do, and on
# a JDK 25 or later trains the AOT cache as the Dockerfile does. Then starts codex-lb.jar (with the
# cache, if there is one) on free loopback ports with a fresh data directory, and walks the README's
# first-request path. The process is always stopped on exit. Needs bash, java (JAVA_HOME or PATH) and
# curl.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly READY_TIMEOUT=${SMOKE_READY_TIMEOUT:-90}
readonly STOP_TIMEOUT=${SMOKE_STOP_TIMEOUT:-30}
readonly LAYERS=(dependencies spring-boot-loader snapshot-dependencies application)
readonly APPLICATION=codex-lb.jar

# settings the caller may have exported would change what is under test
unset CODEX_LB_ADMIN_KEY SPRING_DATASOURCE_URL

work=""
log=""
pid=""
reason=""

fail() {
	reason=$1
	exit 1
}

ok() {
	echo "ok: $*"
}

stop_app() {
	[[ -n $pid ]] || return 0
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		local waited=0
		while kill -0 "$pid" 2>/dev/null && ((waited < STOP_TIMEOUT * 10)); do
			sleep 0.1
			waited=$((waited + 1))
		done
		if kill -0 "$pid" 2>/dev/null; then
			echo "smoke-extracted: process $pid did not stop within ${STOP_TIMEOUT}s; sending SIGKILL" >&2
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	wait "$pid" 2>/dev/null || true
	pid=""
}

finish() {
	local rc=$?
	trap - EXIT INT TERM
	stop_app
	if ((rc == 0)); then
		[[ -z $work ]] || rm -rf "$work"
		echo "PASS: smoke-extracted: the layered jar starts and serves the models endpoint"
	else
		if [[ -n $log && -s $log ]]; then
			echo "--- last 60 lines of $log" >&2
			tail -n 60 "$log" >&2
			echo "---" >&2
		fi
		echo "FAIL: smoke-extracted: ${reason:-unexpected error (exit $rc)}${work:+ (files kept in $work)}" >&2
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

file_mode() {
	stat -c '%a' "$1" 2>/dev/null || stat -f '%Lp' "$1"
}

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$java_cmd" >/dev/null || fail "java not found (set JAVA_HOME or put java on PATH)"
command -v curl >/dev/null || fail "curl not found"

shopt -s nullglob
jars=(target/codex-lb-*.jar)
shopt -u nullglob
((${#jars[@]} == 1)) || fail "expected one target/codex-lb-*.jar, found ${#jars[@]}: run ./mvnw -B verify first"
jar=${jars[0]}

mkdir -p target
work=$(mktemp -d "$PWD/target/smoke-extracted.XXXXXX")
log="$work/app.log"

# the Dockerfile's build stage
"$java_cmd" -Djarmode=tools -jar "$jar" extract --layers --destination "$work/extracted" \
	--application-filename "$APPLICATION" || fail "could not extract the layers of $jar"
# the Dockerfile's COPY steps, in the same order, into one folder
app="$work/app"
mkdir "$app"
for layer in "${LAYERS[@]}"; do
	[[ -d $work/extracted/$layer ]] || fail "the jar has no '$layer' layer"
	cp -R "$work/extracted/$layer/." "$app/"
done
[[ -f $app/$APPLICATION && -d $app/lib ]] || fail "$APPLICATION and lib/ are not in the merged layers"
ok "extracted ${jar##*/} into ${#LAYERS[@]} layers and merged them"

# the Dockerfile's JVM options, and its training step where the JVM has an AOT cache (JDK 25 and later)
java_options=(-XX:+UseSerialGC)
java_feature=$("$java_cmd" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if ((${java_feature:-0} >= 25)); then
	(cd "$work" && exec "$java_cmd" "${java_options[@]}" -XX:AOTCacheOutput="$app/codex-lb.aot" -Dspring.context.exit=onRefresh \
		-jar "$app/$APPLICATION" --codex-lb.data-dir="$work/aot-training" --server.address=127.0.0.1 \
		--server.port=0 --management.server.address=127.0.0.1 --management.server.port=0) \
		</dev/null >"$work/aot-training.log" 2>&1 || fail "the AOT cache training run failed (see $work/aot-training.log)"
	[[ -s $app/codex-lb.aot ]] || fail "the training run wrote no AOT cache"
	rm -rf "$work/aot-training"
	# AOTMode=on: a cache this JVM cannot use is an error here, not a silent slow start
	java_options+=(-XX:AOTCache="$app/codex-lb.aot" -XX:AOTMode=on)
	ok "trained the AOT cache ($(($(stat -c %s "$app/codex-lb.aot") / 1048576)) MB)"
fi

data="$work/data"
for attempt in 1 2 3; do
	api_port=$(free_port) || fail "no free port found"
	management_port=$(free_port "$api_port") || fail "no free port found"
	rm -rf "$data"
	(cd "$work" && exec "$java_cmd" "${java_options[@]}" -jar "$app/$APPLICATION" \
		--server.address=127.0.0.1 --server.port="$api_port" \
		--management.server.address=127.0.0.1 --management.server.port="$management_port" \
		--codex-lb.data-dir="$data") </dev/null >"$log" 2>&1 &
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
ok "readiness UP on the management port after about $((SECONDS - started)) s"

key_file="$data/admin-key"
[[ -f $key_file ]] || fail "no generated admin key at $key_file"
mode=$(file_mode "$key_file")
[[ $mode == 600 ]] || fail "$key_file has mode $mode, expected 600"
[[ $(<"$key_file") =~ ^sk-clb-[A-Za-z0-9_-]{43}$ ]] || fail "$key_file does not hold a well-formed API key"
grep -qF "$key_file" "$log" || fail "the log does not name $key_file"
ok "admin key generated in $key_file with mode 600, and the log names the file"

base="http://127.0.0.1:$api_port"

# the README's first request
status=$(curl -s --max-time 10 -o "$work/models.json" -D "$work/models.headers" -w '%{http_code}' \
	"$base/backend-api/codex/models" -H "Authorization: Bearer $(cat "$key_file")" || true)
[[ $status == 200 ]] || fail "GET /backend-api/codex/models with the admin key answered $status, expected 200"
grep -qF '"object":"list"' "$work/models.json" || fail 'the models body has no "object":"list"'
grep -qi '^x-request-id: ' "$work/models.headers" || fail "the models response has no X-Request-Id"
ok "GET /backend-api/codex/models with the admin key: 200, a list"

status=$(curl -s --max-time 10 -o "$work/anonymous.json" -D "$work/anonymous.headers" -w '%{http_code}' \
	"$base/backend-api/codex/models" || true)
[[ $status == 401 ]] || fail "GET /backend-api/codex/models without a key answered $status, expected 401"
grep -qi '^www-authenticate: Bearer realm="codex-lb"' "$work/anonymous.headers" \
	|| fail "the 401 has no WWW-Authenticate: Bearer challenge"
grep -qF '"code":"invalid_api_key"' "$work/anonymous.json" || fail "the 401 body is not the invalid_api_key envelope"
ok "GET /backend-api/codex/models without a key: 401 with a Bearer challenge"

# the README's restricted-key example
status=$(curl -s --max-time 10 -o "$work/created.json" -w '%{http_code}' "$base/api/api-keys" \
	-H "Authorization: Bearer $(cat "$key_file")" -H "Content-Type: application/json" \
	-d '{"name":"ci-bot","allowed_models":["gpt-6.1-sol"]}' || true)
[[ $status == 201 ]] || fail "POST /api/api-keys answered $status, expected 201"
restricted_key=$(sed -n 's/.*"key":"\(sk-clb-[A-Za-z0-9_-]\{43\}\)".*/\1/p' "$work/created.json")
[[ -n $restricted_key ]] || fail "POST /api/api-keys returned no key"
status=$(curl -s --max-time 10 -o "$work/restricted.json" -w '%{http_code}' \
	"$base/v1/models" -H "Authorization: Bearer $restricted_key" || true)
[[ $status == 200 ]] || fail "GET /v1/models with the restricted key answered $status, expected 200"
models=$(grep -o '"id":"[^"]*"' "$work/restricted.json" | tr '\n' ' ')
[[ $models == '"id":"gpt-6.1-sol" ' ]] || fail "the restricted key sees ${models:-no models}, expected gpt-6.1-sol only"
ok "a key restricted to gpt-6.1-sol sees only gpt-6.1-sol"
