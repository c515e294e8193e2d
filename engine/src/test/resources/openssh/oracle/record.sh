#!/bin/sh
# Records what OpenSSH resolves for each line of cases.txt into expected.txt: the oracle SshConfigOracleTest checks
# Drover against. Run from this directory on a machine whose ssh -G runs as root with HOME=/root (paths in the
# output depend on it). @DIR@ stands for this directory in configs, cases and output.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here"/. "$work"/
for f in "$work"/*.conf "$work"/inc/*.conf; do sed -i "s#@DIR@#$work#g" "$f"; done
keys='hostname|user|port|identityfile|userknownhostsfile|globalknownhostsfile|stricthostkeychecking|proxyjump|proxycommand|connecttimeout|connectionattempts|serveraliveinterval|serveralivecountmax|compression|batchmode|identitiesonly|hostkeyalias|hashknownhosts|passwordauthentication|kbdinteractiveauthentication|pubkeyauthentication|identityagent'
{
  echo "# recorded with $(ssh -V 2>&1)"
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    echo "== $line"
    args=$(printf '%s' "$line" | sed "s#@DIR@#$work#g")
    eval "ssh -G $args" 2>/dev/null | grep -E "^($keys) " | sed "s#$work#@DIR@#g" || echo "error"
    echo
  done < "$here/cases.txt"
} > "$here/expected.txt"
