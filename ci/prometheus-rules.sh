#!/usr/bin/env bash
# Checks the Prometheus rules of deploy/prometheus with promtool: `promtool check rules` (syntax, PromQL,
# templates) and `promtool test rules` (codex-lb-rules.test.yml: each alert fires on the series that should fire
# it and stays silent on healthy series; the recording rules give the expected values). Installs Debian's
# `prometheus` (which brings promtool) when promtool is missing, as root with apt-get.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly RULES=deploy/prometheus/codex-lb-rules.yml
readonly TESTS=deploy/prometheus/codex-lb-rules.test.yml

if ! command -v promtool >/dev/null; then
	if ((EUID != 0)) || ! command -v apt-get >/dev/null; then
		echo "prometheus-rules: no promtool, and no apt-get as root: install Debian's prometheus package" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	log=$(mktemp)
	if ! apt-get install -y -q --no-install-recommends prometheus >"$log" 2>&1; then
		apt-get update -q >>"$log" 2>&1 || true
		if ! apt-get install -y -q --no-install-recommends prometheus >>"$log" 2>&1; then
			cat "$log" >&2
			echo "prometheus-rules: apt-get install prometheus failed" >&2
			exit 1
		fi
	fi
	rm -f "$log"
	# the package starts its own server on :9090; this script needs the binaries only
	if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
		systemctl stop prometheus || true
	fi
fi
echo "prometheus-rules: $(promtool --version 2>&1 | head -1)"
promtool check rules "$RULES"
promtool test rules "$TESTS"
# the PrometheusRule of deploy/kubernetes is generated from the same file
deploy/kubernetes/generate-prometheus-rule.sh --check
echo "PASS: prometheus-rules: the rules are valid and every alert's unit test passes"
