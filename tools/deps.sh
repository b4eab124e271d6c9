#!/bin/sh
# Install every Debian package innomon needs to build, test, fuzz and serve; idempotent.
# Packages already present are left alone; nothing is installed when nothing is missing.
set -eu

PKGS="meson ninja-build pkg-config gcc clang-14 libclang-rt-14-dev
libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev postgresql libsodium-dev
libzip-dev libxml2-dev libssl-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk
libcmocka-dev libcurl4-openssl-dev scdoc tidy poppler-utils unzip zip chromium tzdata"

# `make bench` (tools/deps.sh bench): the benchmarks' peers and tools as well
if [ "${1:-}" = bench ]; then
	PKGS="$PKGS wrk nginx-light time"
fi

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
if ! command -v node >/dev/null 2>&1; then missing="$missing nodejs"; fi
if ! command -v npm >/dev/null 2>&1; then missing="$missing npm"; fi

if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "innomon: these Debian packages are missing:$missing" >&2
		echo "innomon: run 'make deps' as root (or: sudo apt-get install$missing)" >&2
		exit 1
	fi
	echo "innomon: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi

# Browser-test driver and the accessibility checker (npm, tests only): installed from the lock
# file when either is absent.
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
