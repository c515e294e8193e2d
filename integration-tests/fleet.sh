#!/usr/bin/env bash
# A fleet of real OpenSSH hosts on this machine, for Drover's integration tests and benchmarks.
#
#   fleet.sh up N        start (or converge to) N hosts h1..hN; idempotent
#   fleet.sh down        stop what `up` started and delete its namespaces, veths and bridge
#   fleet.sh status      one line per host; exit 0 only if every host is up
#   fleet.sh inventory   print the path of the INI inventory
#   fleet.sh env         print `export` lines (ANSIBLE_CONFIG, DROVER_FLEET_*) for eval
#
# Host i lives in network namespace drv-h<i> with address 10.77.0.(10+i)/24 on eth0, one end of a
# veth pair whose other end (drvv<i>) is a port of bridge drvbr0 (10.77.0.1/24) in the root
# namespace. Each host runs its own sshd (own host key, own pid file, key auth only). All hosts share
# the machine's filesystem except /tmp, /var/tmp, /srv and /home/drover, which are private per host
# (bind mounts inside the sshd's mount namespace), so tasks on h1 and h2 do not race on the same file.
#
# Keys are generated once and cached in $DROVER_FLEET_CACHE (default /var/cache/drover-fleet);
# runtime state (configs, pid files, logs, inventory, ansible.cfg) is in $DROVER_FLEET_STATE
# (default /run/drover-fleet). Needs root.
set -euo pipefail

CACHE=${DROVER_FLEET_CACHE:-/var/cache/drover-fleet}
STATE=${DROVER_FLEET_STATE:-/run/drover-fleet}
BRIDGE=drvbr0
NET=10.77.0
GATEWAY=$NET.1
FLEET_USER=drover
KEY=$CACHE/id_ed25519
MAX_HOSTS=244                    # 10.77.0.11 .. 10.77.0.254
PRIVATE_DIRS=(/tmp /var/tmp /srv "/home/$FLEET_USER")

die() { echo "fleet.sh: $*" >&2; exit 1; }
log() { echo "fleet.sh: $*" >&2; }

ns_of()   { echo "drv-h$1"; }
veth_of() { echo "drvv$1"; }
addr_of() { echo "$NET.$((10 + $1))"; }
hostdir() { echo "$STATE/hosts/h$1"; }

require_root() { [ "$(id -u)" -eq 0 ] || die "must run as root (it creates network namespaces)"; }

require_tools() {
  local t missing=()
  for t in /usr/sbin/sshd ip ssh-keygen sudo setsid flock; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]} (run bin/ensure-prereqs as root)"
}

lock() {
  mkdir -p /run/lock
  exec 9>/run/lock/drover-fleet.lock
  flock 9
}

# Number of hosts recorded by the last `up`, or 0.
recorded_size() { cat "$STATE/size" 2>/dev/null || echo 0; }

# Prints the pid of host i's sshd if it is alive and really ours (pid files outlive reboots and
# pids get reused: the command line must name this host's config).
sshd_pid() {
  local pidf pid
  pidf=$(hostdir "$1")/sshd.pid
  [ -r "$pidf" ] || return 1
  pid=$(<"$pidf")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(hostdir "$1")/sshd_config" || return 1
  echo "$pid"
}

netns_ok() {
  local i=$1
  [ -e "/run/netns/$(ns_of "$i")" ] || return 1
  ip -n "$(ns_of "$i")" -4 -o addr show dev eth0 2>/dev/null | grep -qF " $(addr_of "$i")/24" || return 1
  ip -o link show "$(veth_of "$i")" 2>/dev/null | grep -qF "master $BRIDGE"
}

ensure_keys() {
  mkdir -p "$CACHE/hostkeys"
  chmod 700 "$CACHE"
  [ -s "$KEY" ] || ssh-keygen -q -t ed25519 -N '' -C drover-fleet -f "$KEY"
  local i todo=()
  for ((i = 1; i <= $1; i++)); do
    [ -s "$CACHE/hostkeys/h$i" ] || todo+=("$i")
  done
  [ ${#todo[@]} -eq 0 ] && return 0
  printf '%s\n' "${todo[@]}" |
    xargs -P 8 -I{} ssh-keygen -q -t ed25519 -N '' -C drv-h{} -f "$CACHE/hostkeys/h{}"
}

ensure_user() {
  if ! id "$FLEET_USER" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/sh --user-group "$FLEET_USER"
  fi
  # Without PAM, sshd refuses accounts whose password field starts with '!' (useradd's default).
  case "$(getent shadow "$FLEET_USER" | cut -d: -f2)" in '!'*) usermod -p '*' "$FLEET_USER" ;; esac
  [ "$(getent passwd "$FLEET_USER" | cut -d: -f7)" = /bin/sh ] || usermod -s /bin/sh "$FLEET_USER"
  mkdir -p "/home/$FLEET_USER"
  local sudoers=/etc/sudoers.d/drover-fleet
  if [ ! -s "$sudoers" ]; then
    echo "$FLEET_USER ALL=(ALL:ALL) NOPASSWD: ALL" >"$sudoers.tmp"
    chmod 0440 "$sudoers.tmp"
    mv "$sudoers.tmp" "$sudoers"
  fi
  mkdir -p /run/sshd && chmod 0755 /run/sshd     # sshd's privilege separation directory
}

ensure_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
  fi
  ip addr replace "$GATEWAY/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  echo 1 >"/proc/sys/net/ipv6/conf/$BRIDGE/disable_ipv6" 2>/dev/null || true
}

# Stops host i: its sshd first (from the pid file), then whatever still lives in its network
# namespace (session sshds and their children, all descendants of that sshd).
stop_host() {
  local i=$1 pid ns
  ns=$(ns_of "$i")
  if pid=$(sshd_pid "$i"); then kill "$pid" 2>/dev/null || true; fi
  if [ -e "/run/netns/$ns" ]; then
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  fi
}

# Deletes the namespaces and root-side veths of the given host numbers, in one ip batch.
delete_net() {
  [ $# -eq 0 ] && return 0
  local i batch=""
  for i in "$@"; do
    [ -e "/run/netns/$(ns_of "$i")" ] && batch+="netns del $(ns_of "$i")"$'\n'
    ip link show "$(veth_of "$i")" >/dev/null 2>&1 && batch+="link del $(veth_of "$i")"$'\n'
  done
  [ -n "$batch" ] && printf '%s' "$batch" | ip -force -batch - 2>/dev/null || true
}

create_net() {
  [ $# -eq 0 ] && return 0
  local i batch=""
  for i in "$@"; do
    batch+="netns add $(ns_of "$i")"$'\n'
    batch+="link add $(veth_of "$i") type veth peer name eth0 netns $(ns_of "$i")"$'\n'
    batch+="link set $(veth_of "$i") master $BRIDGE up"$'\n'
  done
  printf '%s' "$batch" | ip -batch -
  for i in "$@"; do
    echo 1 >"/proc/sys/net/ipv6/conf/$(veth_of "$i")/disable_ipv6" 2>/dev/null || true
    printf 'addr add %s/24 dev eth0\nlink set eth0 up\nlink set lo up\n' "$(addr_of "$i")" |
      ip -n "$(ns_of "$i")" -batch -
  done
}

write_host_config() {
  local i=$1 hd
  hd=$(hostdir "$i")
  mkdir -p "$hd/tmp" "$hd/var_tmp" "$hd/srv" "$hd/home"
  chmod 1777 "$hd/tmp" "$hd/var_tmp"
  chown "$FLEET_USER:" "$hd/home"
  cat >"$hd/sshd_config.tmp" <<CFG
# Written by fleet.sh for host h$i; rewritten on every up.
ListenAddress $(addr_of "$i"):22
HostKey $CACHE/hostkeys/h$i
PidFile $hd/sshd.pid
AuthorizedKeysFile $STATE/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 200:30:400
AcceptEnv LANG LC_*
Subsystem sftp /usr/lib/openssh/sftp-server
LogLevel INFO
CFG
  mv "$hd/sshd_config.tmp" "$hd/sshd_config"
}

# Starts host i's sshd in its namespace, with the per-host directories bound over the shared ones.
# `ip netns exec` gives the command its own mount namespace (slave of the root one), so the bind
# mounts are invisible outside and vanish with the host's last process.
start_sshd() {
  local i=$1 hd
  hd=$(hostdir "$i")
  rm -f "$hd/sshd.pid"
  setsid ip netns exec "$(ns_of "$i")" /bin/sh -c '
      hd=$1; user_home=$2
      mount --bind "$hd/tmp" /tmp && mount --bind "$hd/var_tmp" /var/tmp &&
      mount --bind "$hd/srv" /srv && mount --bind "$hd/home" "$user_home" &&
      exec /usr/sbin/sshd -D -f "$hd/sshd_config" -E "$hd/sshd.log"' \
    sh "$hd" "/home/$FLEET_USER" </dev/null >/dev/null 2>>"$hd/start.log" 9>&- &
}

write_client_files() {
  local n=$1 i tmp
  tmp=$STATE/.tmp
  cp "$KEY.pub" "$STATE/authorized_keys"

  : >"$tmp"
  for ((i = 1; i <= n; i++)); do
    echo "$(addr_of "$i") $(cut -d' ' -f1,2 "$CACHE/hostkeys/h$i.pub")" >>"$tmp"
  done
  mv "$tmp" "$STATE/known_hosts"

  {
    echo "# Written by integration-tests/fleet.sh up $n; rewritten on every up."
    echo "[fleet]"
    for ((i = 1; i <= n; i++)); do
      echo "h$i ansible_host=$(addr_of "$i") ansible_user=$FLEET_USER ansible_ssh_private_key_file=$KEY"
    done
    echo
    echo "[web]"
    for ((i = 1; i <= n && i <= 2; i++)); do echo "h$i"; done
    echo
    echo "[db]"
    [ "$n" -ge 3 ] && echo "h3"
    echo
    echo "[app:children]"
    echo "web"
    echo "db"
  } >"$tmp"
  mv "$tmp" "$STATE/inventory.ini"

  mkdir -p "$STATE/cp"
  cat >"$tmp" <<CFG
# Written by integration-tests/fleet.sh; use with ANSIBLE_CONFIG=$STATE/ansible.cfg
[defaults]
inventory = $STATE/inventory.ini
host_key_checking = True
interpreter_python = /usr/bin/python3
forks = $(( n > 5 ? n : 5 ))

[ssh_connection]
pipelining = True
control_path_dir = $STATE/cp
ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o IdentitiesOnly=yes -o UserKnownHostsFile=$STATE/known_hosts -o StrictHostKeyChecking=yes
CFG
  mv "$tmp" "$STATE/ansible.cfg"
  echo "$n" >"$STATE/size"
}

wait_for_sshd() {
  local deadline=$((SECONDS + 20)) i pending
  while :; do
    pending=()
    for i in "$@"; do sshd_pid "$i" >/dev/null || pending+=("$i"); done
    [ ${#pending[@]} -eq 0 ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      for i in "${pending[@]}"; do
        log "h$i: sshd did not start; $(hostdir "$i")/start.log and sshd.log say:"
        cat "$(hostdir "$i")/start.log" "$(hostdir "$i")/sshd.log" >&2 2>/dev/null || true
      done
      die "${#pending[@]} host(s) failed to start"
    fi
    set -- "${pending[@]}"
    sleep 0.05
  done
}

check_state_dir() {
  local d
  for d in "${PRIVATE_DIRS[@]}"; do
    case "$STATE/" in "$d"/*) die "state dir $STATE must not be under $d (hidden on the hosts)" ;; esac
  done
}

cmd_up() {
  local n=${1:-}
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le $MAX_HOSTS ] || die "usage: fleet.sh up N (1..$MAX_HOSTS)"
  require_root; require_tools; check_state_dir; lock
  mkdir -p "$STATE/hosts"

  # Hosts beyond N from an earlier, larger fleet go away: the inventory describes exactly N.
  local i ns extra=() rebuild=() start=()
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^drv-h[0-9]+$' || true); do
    i=${ns#drv-h}
    [ "$i" -gt "$n" ] && extra+=("$i")
  done
  for i in "${extra[@]}"; do stop_host "$i"; done
  delete_net "${extra[@]}"
  for i in "${extra[@]}"; do rm -rf "$(hostdir "$i")"; done

  ensure_user
  ensure_keys "$n"
  ensure_bridge
  for ((i = 1; i <= n; i++)); do
    if ! netns_ok "$i"; then
      rebuild+=("$i")
    fi
  done
  for i in "${rebuild[@]}"; do stop_host "$i"; done
  delete_net "${rebuild[@]}"
  create_net "${rebuild[@]}"

  for ((i = 1; i <= n; i++)); do
    write_host_config "$i"
    sshd_pid "$i" >/dev/null || start+=("$i")
  done
  write_client_files "$n"
  for i in "${start[@]}"; do start_sshd "$i"; done
  wait_for_sshd "${start[@]}"
  log "up: $n host(s) ($((n - ${#start[@]})) already running, ${#rebuild[@]} network(s) created); inventory: $STATE/inventory.ini"
}

cmd_down() {
  require_root; lock
  local i ns d nums=() seen=" "
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^drv-h[0-9]+$' || true); do
    i=${ns#drv-h}; nums+=("$i"); seen+="$i "
  done
  for d in "$STATE"/hosts/h*; do
    [ -d "$d" ] || continue
    i=${d##*/h}
    case "$seen" in *" $i "*) ;; *) nums+=("$i") ;; esac
  done
  for i in "${nums[@]}"; do stop_host "$i"; done
  delete_net "${nums[@]}"
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link del "$BRIDGE"
  rm -rf "$STATE"
  log "down: removed ${#nums[@]} host(s)"
}

cmd_status() {
  local n i pid bad=0
  n=$(recorded_size)
  [ "$n" -gt 0 ] || { echo "fleet: down"; return 3; }
  for ((i = 1; i <= n; i++)); do
    if pid=$(sshd_pid "$i") && netns_ok "$i"; then
      echo "h$i $(addr_of "$i") up pid=$pid"
    else
      echo "h$i $(addr_of "$i") DOWN"; bad=1
    fi
  done
  return $bad
}

cmd_env() {
  [ -s "$STATE/inventory.ini" ] || die "fleet is down (run: fleet.sh up N)"
  echo "export ANSIBLE_CONFIG='$STATE/ansible.cfg'"
  echo "export DROVER_FLEET_INVENTORY='$STATE/inventory.ini'"
  echo "export DROVER_FLEET_KNOWN_HOSTS='$STATE/known_hosts'"
  echo "export DROVER_FLEET_KEY='$KEY'"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  inventory) [ -s "$STATE/inventory.ini" ] || die "fleet is down (run: fleet.sh up N)"; echo "$STATE/inventory.ini" ;;
  env) cmd_env ;;
  *) sed -n '2,9s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
