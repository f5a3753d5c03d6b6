#!/usr/bin/env bash
# Makes sure the programs the browser tests need are on the machine: Debian's Chromium (driven
# by Playwright, which must not download a browser of its own: no network for that) and Java
# for the Nu HTML checker. As root they are installed with apt-get; otherwise we say how.
set -eu

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing for the browser tests: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "The browser tests need: ${missing[*]}. Install with:"
echo "    sudo apt-get install --no-install-recommends ${missing[*]}"
if [ "${CI:-}" = "true" ]; then
  exit 1
fi
echo "(Outside CI the browser tests are skipped until then.)"
