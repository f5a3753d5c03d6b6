#!/usr/bin/env bash
# Makes sure the programs the production stack needs are on the machine, from Debian's
# packages: nginx (with the headers-more module, to drop the Server header), supervisor, and
# openssl for the self-signed certificate. As root they are installed with apt-get (after one
# `apt-get update`); otherwise we say how. The packages' own services are not used: the stack
# runs its own nginx and supervisord from deploy/, on its own ports.
set -eu

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -e /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so ] \
  || missing+=(libnginx-mod-http-headers-more-filter)
command -v supervisord >/dev/null 2>&1 || missing+=(supervisor)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing for the production stack: ${missing[*]}"
  apt-get update -qq
  # policy-rc.d answering 101 keeps the packages from starting their own services.
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -n "$created_policy" ] && rm -f /usr/sbin/policy-rc.d
  exit 0
fi

echo "The production stack needs: ${missing[*]}. Install with:"
echo "    sudo apt-get install --no-install-recommends ${missing[*]}"
exit 1
