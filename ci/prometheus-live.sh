#!/usr/bin/env bash
# Live check of the monitoring kit: the packaged service, a stand-in for the ChatGPT backend (ci/UpstreamStandIn.java)
# and a real Prometheus (Debian's prometheus, scraping and evaluating every second) with the rules of
# deploy/prometheus loaded, all on free loopback ports. It checks, in order:
#
#   - the scrape target is up (Prometheus's /api/v1/targets);
#   - every metric named by the rules and by the dashboard (deploy/grafana/codex-lb.json) is in the service's
#     /actuator/prometheus;
#   - every recording rule, and every PromQL expression of the dashboard, returns data from the live Prometheus
#     (/api/v1/query; $job is codex-lb, $instance .*, $__rate_interval 1m);
#   - with the upstream stand-in stopped, CodexLbNoAccountHealthy fires (/api/v1/alerts: pending, then firing), and
#     clears once the stand-in is back;
#   - with the service stopped, CodexLbTargetDown fires, and clears once it is back.
#
# The rules are loaded from a temporary copy whose `for:` durations are 2 s; the shipped file keeps its own. The
# account is one added through the admin API with unsigned test tokens that only the stand-in sees. Every file is
# in one temporary folder (kept when the check fails), every process is stopped by its PID, and the whole check
# stops itself after PROMETHEUS_LIVE_TIMEOUT seconds (300). Takes target/codex-lb-*.jar (built with
# ./mvnw -B -q package -DskipTests when there is none, or it is older than a source). Needs bash, java (JAVA_HOME or
# PATH), curl and jq; installs Debian's prometheus with apt-get as root when it is missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly TIME_LIMIT=${PROMETHEUS_LIVE_TIMEOUT:-300}
readonly READY_TIMEOUT=120
readonly STOP_TIMEOUT=40
readonly ALERT_TIMEOUT=60
readonly RULES=deploy/prometheus/codex-lb-rules.yml
readonly DASHBOARD=deploy/grafana/codex-lb.json
readonly JVM_OPTIONS=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)

# settings the caller may have exported would change what is under test
unset CODEX_LB_ADMIN_KEY CODEX_LB_ENCRYPTION_KEY SPRING_DATASOURCE_URL SPRING_DATASOURCE_USERNAME \
	SPRING_DATASOURCE_PASSWORD CODEX_LB_RATE_LIMIT_STORE CODEX_LB_RATE_LIMIT_REDIS_URL

work=""
reason=""
watchdog_pid=""
app_pid=""
upstream_pid=""
prometheus_pid=""
taken_ports=" "
started_at=$SECONDS

log() {
	printf '[%3ds] %s\n' "$((SECONDS - started_at))" "$*"
}

ok() {
	log "ok: $*"
}

fail() {
	reason=$1
	exit 1
}

alive() {
	[[ -n $1 ]] && kill -0 "$1" 2>/dev/null
}

# SIGTERM, then SIGKILL after STOP_TIMEOUT; reaps the child
stop_pid() {
	local pid=$1 waited=0
	alive "$pid" || return 0
	kill -TERM "$pid" 2>/dev/null || true
	while alive "$pid" && ((waited < STOP_TIMEOUT * 10)); do
		sleep 0.1
		waited=$((waited + 1))
	done
	if alive "$pid"; then
		echo "prometheus-live: process $pid did not stop within ${STOP_TIMEOUT}s; sending SIGKILL" >&2
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

finish() {
	local rc=$?
	trap - EXIT INT TERM
	set +e
	stop_pid "$app_pid"
	stop_pid "$upstream_pid"
	stop_pid "$prometheus_pid"
	stop_pid "$watchdog_pid"
	if ((rc == 0)); then
		[[ -z $work ]] || rm -rf "$work"
		echo "PASS: prometheus-live: a real Prometheus scrapes the service, evaluates the rules and the dashboard, and the alerts fire and clear (${SECONDS}s)"
	else
		if [[ -n $work ]]; then
			for f in "$work"/app.log "$work"/upstream.log "$work"/prometheus.log; do
				[[ -s $f ]] || continue
				echo "--- last 25 lines of $f" >&2
				tail -n 25 "$f" >&2
			done
		fi
		echo "FAIL: prometheus-live: ${reason:-unexpected error (exit $rc)}${work:+ (files kept in $work)}" >&2
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

install_prometheus() {
	command -v prometheus >/dev/null && return 0
	if ((EUID != 0)) || ! command -v apt-get >/dev/null; then
		fail "no prometheus, and no apt-get as root: install Debian's prometheus package"
	fi
	log "installing prometheus"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -q --no-install-recommends prometheus >"$work/apt.log" 2>&1; then
		apt-get update -q >>"$work/apt.log" 2>&1 || true
		apt-get install -y -q --no-install-recommends prometheus >>"$work/apt.log" 2>&1 \
			|| fail "apt-get install prometheus failed (see $work/apt.log)"
	fi
	# the package starts its own server on :9090; this check runs one of its own
	if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
		systemctl stop prometheus || true
	fi
}

# ---- the processes under test

start_upstream() {
	"$java_cmd" -Xmx64m -XX:TieredStopAtLevel=1 ci/UpstreamStandIn.java "$upstream_port" </dev/null \
		>>"$work/upstream.log" 2>&1 &
	upstream_pid=$!
	local deadline=$((SECONDS + 60))
	until grep -q "listening on 127.0.0.1:$upstream_port" "$work/upstream.log" 2>/dev/null; do
		alive "$upstream_pid" || fail "the upstream stand-in exited (see $work/upstream.log)"
		((SECONDS < deadline)) || fail "the upstream stand-in did not listen within 60s"
		sleep 0.2
	done
}

start_app() {
	(cd "$work" && CODEX_LB_ADMIN_KEY=$admin_key exec "$java_cmd" "${JVM_OPTIONS[@]}" -jar "$jar" \
		--server.address=127.0.0.1 --server.port="$api_port" \
		--management.server.address=127.0.0.1 --management.server.port="$management_port" \
		--codex-lb.data-dir="$work/data" \
		--codex-lb.upstream.base-url="http://127.0.0.1:$upstream_port/backend-api" \
		--codex-lb.upstream.connect-timeout=1s --codex-lb.upstream.read-timeout=2s \
		--codex-lb.catalog.refresh-interval=2s) </dev/null >>"$work/app.log" 2>&1 &
	app_pid=$!
	local deadline=$((SECONDS + READY_TIMEOUT))
	while ((SECONDS < deadline)); do
		alive "$app_pid" || fail "the service exited before it was ready"
		if curl -sf --max-time 2 -o /dev/null "$management/actuator/health/readiness"; then
			return 0
		fi
		sleep 0.5
	done
	fail "readiness was not UP within ${READY_TIMEOUT}s"
}

# ---- Prometheus's HTTP API

# prints the result array of an instant query
query() {
	curl -sf --max-time 10 "$prometheus/api/v1/query" --data-urlencode "query=$1" | jq -c '.data.result'
}

# the state of an alert (pending, firing), or nothing when it is inactive
alert_state() {
	curl -sf --max-time 10 "$prometheus/api/v1/alerts" \
		| jq -r --arg name "$1" '[.data.alerts[] | select(.labels.alertname == $name) | .state] | first // empty'
}

# waits until the alert is firing ($2 = on) or inactive ($2 = off), at most ALERT_TIMEOUT seconds
await_alert() {
	local name=$1 want=$2 state deadline=$((SECONDS + ALERT_TIMEOUT)) since=$SECONDS
	while ((SECONDS < deadline)); do
		state=$(alert_state "$name" || true)
		if [[ $want == on && $state == firing ]] || [[ $want == off && -z $state ]]; then
			ok "$name ${state:-inactive} after $((SECONDS - since)) s"
			return 0
		fi
		sleep 1
	done
	fail "$name is ${state:-inactive} after ${ALERT_TIMEOUT}s, expected $([[ $want == on ]] && echo firing || echo inactive)"
}

# waits for a scraped gauge to reach a value
await_metric() {
	local series=$1 value=$2 deadline=$((SECONDS + 60))
	while ((SECONDS < deadline)); do
		if curl -sf --max-time 5 "$management/actuator/prometheus" | grep -qF "$series $value"; then
			return 0
		fi
		sleep 1
	done
	fail "$series did not reach $value within 60s"
}

# some traffic of every kind the dashboard shows: 200s, 401s, 429s, admin calls
traffic() {
	for _ in {1..20}; do
		curl -s -o /dev/null --max-time 5 "$base/backend-api/codex/models" -H "Authorization: Bearer $admin_key"
		curl -s -o /dev/null --max-time 5 "$base/v1/models/live-check-large" -H "Authorization: Bearer $admin_key"
		curl -s -o /dev/null --max-time 5 "$base/backend-api/codex/models" -H "Authorization: Bearer $limited_key"
	done
	for _ in {1..3}; do
		curl -s -o /dev/null --max-time 5 "$base/backend-api/codex/models"
		curl -s -o /dev/null --max-time 5 "$base/api/api-keys" -H "Authorization: Bearer $admin_key"
	done
}

b64url() {
	base64 | tr -d '\n=' | tr '+/' '-_'
}

# ---- set-up

[[ $TIME_LIMIT =~ ^[0-9]+$ ]] || fail "PROMETHEUS_LIVE_TIMEOUT must be a number of seconds"
mkdir -p target
work=$(mktemp -d "$PWD/target/prometheus-live.XXXXXX")

# the time limit: a process of its own (bash's read, not sleep, so that nothing outlives it)
mkfifo "$work/watchdog"
(
	exec 9<>"$work/watchdog"
	read -r -t "$TIME_LIMIT" -u 9 || { : >"$work/timed-out" && kill -TERM $$ 2>/dev/null; }
) &
watchdog_pid=$!

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$java_cmd" >/dev/null || fail "java not found (set JAVA_HOME or put java on PATH)"
command -v curl >/dev/null || fail "curl not found"
command -v jq >/dev/null || fail "jq not found"
install_prometheus

shopt -s nullglob
jars=(target/codex-lb-*.jar)
shopt -u nullglob
# a jar older than a source or the POM is of other code: the check would prove nothing of this one
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

api_port=$(free_port) || fail "no free port found"
management_port=$(free_port) || fail "no free port found"
upstream_port=$(free_port) || fail "no free port found"
prometheus_port=$(free_port) || fail "no free port found"
base="http://127.0.0.1:$api_port"
management="http://127.0.0.1:$management_port"
prometheus="http://127.0.0.1:$prometheus_port"
admin_key="sk-clb-$(head -c 32 /dev/urandom | b64url)"
log "$("$java_cmd" -version 2>&1 | head -n 1), $jar, $(prometheus --version 2>&1 | head -n 1); files in $work"

# ---- the service, its upstream and an account

start_upstream
ok "upstream stand-in on 127.0.0.1:$upstream_port (pid $upstream_pid)"
start_app
ok "service ready: API on 127.0.0.1:$api_port, management on 127.0.0.1:$management_port (pid $app_pid)"

# unsigned tokens shaped like the ChatGPT ones; only the stand-in ever sees them
header=$(printf '{"alg":"none","typ":"JWT"}' | b64url)
access_token="$header.$(printf '{"sub":"user-live-check","exp":4102444800,"jti":"live-check"}' | b64url).c2ln"
id_token="$header.$(printf '{"sub":"user-live-check","email":"live-check@example.test","https://api.openai.com/auth":{"chatgpt_plan_type":"plus"}}' | b64url).c2ln"
auth_json=$(jq -cn --arg access "$access_token" --arg id "$id_token" \
	'{OPENAI_API_KEY: null, tokens: {id_token: $id, access_token: $access, refresh_token: "rt-live-check-not-a-secret", account_id: "acct-live-check"}, last_refresh: "2026-01-15T09:00:00Z"}')
status=$(curl -s --max-time 10 -o "$work/account.json" -w '%{http_code}' "$base/api/accounts" \
	-H "Authorization: Bearer $admin_key" -H "Content-Type: application/json" -d "$auth_json" || true)
[[ $status == 201 ]] || fail "POST /api/accounts answered $status, expected 201 ($(head -c 300 "$work/account.json"))"
await_metric 'codex_lb_catalog_accounts{state="healthy"}' 1.0
ok "an account fetches from the stand-in: codex_lb_catalog_accounts{state=\"healthy\"} 1.0"

status=$(curl -s --max-time 10 -o "$work/limited.json" -w '%{http_code}' "$base/api/api-keys" \
	-H "Authorization: Bearer $admin_key" -H "Content-Type: application/json" \
	-d '{"name":"live-check-limited","rate_limit":{"requests_per_minute":2,"requests_per_day":null}}' || true)
[[ $status == 201 ]] || fail "POST /api/api-keys answered $status, expected 201"
limited_key=$(jq -r '.key' "$work/limited.json")
traffic

# ---- Prometheus, with the rules' for: shortened in a copy

sed -E 's/^([[:space:]]*for:).*/\1 2s/' "$RULES" >"$work/rules.yml"
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $work/rules.yml
scrape_configs:
  - job_name: codex-lb
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$management_port"]
EOF
promtool check config "$work/prometheus.yml" >"$work/promtool.log" 2>&1 || fail "promtool check config failed (see $work/promtool.log)"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
	--web.listen-address="127.0.0.1:$prometheus_port" </dev/null >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
deadline=$((SECONDS + 60))
until curl -sf --max-time 2 -o /dev/null "$prometheus/-/ready"; do
	alive "$prometheus_pid" || fail "prometheus exited (see $work/prometheus.log)"
	((SECONDS < deadline)) || fail "prometheus was not ready within 60s"
	sleep 0.5
done
ok "prometheus ready on 127.0.0.1:$prometheus_port (pid $prometheus_pid), rules loaded: $(curl -sf "$prometheus/api/v1/rules" | jq '[.data.groups[].rules[]] | length')"

deadline=$((SECONDS + 30))
until [[ $(curl -sf --max-time 5 "$prometheus/api/v1/targets" | jq -r '[.data.activeTargets[] | select(.labels.job == "codex-lb") | .health] | first // empty') == up ]]; do
	((SECONDS < deadline)) || fail "the target codex-lb is not up in /api/v1/targets within 30s"
	sleep 1
done
ok "target codex-lb (127.0.0.1:$management_port/actuator/prometheus) is up"

# ---- every metric the rules and the dashboard name is in the scrape

curl -sf --max-time 10 "$management/actuator/prometheus" >"$work/scrape.txt" || fail "no scrape from $management/actuator/prometheus"
mapfile -t metrics < <(cat "$RULES" <(jq -r '.. | .expr? // empty' "$DASHBOARD") \
	| grep -oE '\b(codex_lb_[a-z0-9_]+|http_server_[a-z0-9_]+|jvm_[a-z0-9_]+|process_[a-z0-9_]+|system_[a-z0-9_]+)\b' | sort -u)
((${#metrics[@]} > 0)) || fail "no metric name found in $RULES and $DASHBOARD"
missing=()
for metric in "${metrics[@]}"; do
	grep -qE "^${metric}[{ ]" "$work/scrape.txt" || missing+=("$metric")
done
((${#missing[@]} == 0)) || fail "not in the scrape: ${missing[*]}"
ok "all ${#metrics[@]} metrics named by the rules and the dashboard are in the scrape: ${metrics[*]}"

# ---- every recording rule and every dashboard query returns data

traffic
sleep 3
mapfile -t records < <(sed -n 's/^[[:space:]]*- record: *//p' "$RULES")
empty=()
for record in "${records[@]}"; do
	[[ $(query "$record" | jq 'length') -gt 0 ]] || empty+=("$record")
done
((${#empty[@]} == 0)) || fail "recording rules without data: ${empty[*]}"
ok "all ${#records[@]} recording rules return data"

mapfile -t expressions < <(jq -r '.. | .expr? // empty' "$DASHBOARD")
empty=()
for expression in "${expressions[@]}"; do
	expression=${expression//\$__rate_interval/1m}
	expression=${expression//\$job/codex-lb}
	expression=${expression//\$instance/.*}
	result=$(query "$expression") || fail "the query failed: $expression"
	[[ $(jq 'length' <<<"$result") -gt 0 ]] || empty+=("$expression")
done
((${#empty[@]} == 0)) || fail "dashboard queries without data: $(printf '\n  %s' "${empty[@]}")"
ok "all ${#expressions[@]} dashboard queries return data"

# ---- the upstream stops: no account healthy; it comes back: the alert clears

[[ -z $(alert_state CodexLbNoAccountHealthy) ]] || fail "CodexLbNoAccountHealthy is active before the upstream stops"
log "stopping the upstream stand-in"
stop_pid "$upstream_pid"
upstream_pid=""
await_alert CodexLbNoAccountHealthy on
log "starting the upstream stand-in again"
start_upstream
await_alert CodexLbNoAccountHealthy off

# ---- the service stops: its target is down; it comes back: the alert clears

log "stopping the service"
stop_pid "$app_pid"
app_pid=""
await_alert CodexLbTargetDown on
log "starting the service again"
start_app
await_alert CodexLbTargetDown off
