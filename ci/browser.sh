#!/usr/bin/env bash
# Installs Debian's Chromium and its ChromeDriver when either is missing, so that the console's browser tests
# (ConsoleBrowserTest) run instead of being skipped. Never a browser that a test tool downloads.
set -euo pipefail

if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
	echo "browser: $(chromium --version 2>/dev/null | head -1), $(chromedriver --version | head -1)"
	exit 0
fi
if ((EUID != 0)) || ! command -v apt-get >/dev/null; then
	echo "browser: no chromium or chromedriver, and no apt-get as root: the browser tests will be skipped" >&2
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! apt-get install -y -q chromium chromium-driver >"$log" 2>&1; then
	apt-get update -q >>"$log" 2>&1 || true
	if ! apt-get install -y -q chromium chromium-driver >>"$log" 2>&1; then
		cat "$log" >&2
		echo "browser: apt-get install chromium chromium-driver failed" >&2
		exit 1
	fi
fi
rm -f "$log"
echo "browser: installed $(chromium --version 2>/dev/null | head -1), $(chromedriver --version | head -1)"
