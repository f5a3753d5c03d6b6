#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the browser tests. Playwright must not download
# a browser of its own (no network for that), so we drive the system one.
set -eu
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  exit 0
fi
echo "Chromium is missing: the browser tests need it. Install it with:"
echo "    sudo apt-get install --no-install-recommends chromium"
if [ "${CI:-}" = "true" ]; then
  exit 1
fi
echo "(Outside CI the browser tests will be skipped until then.)"
