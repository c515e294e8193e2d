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

# Per-host names are spelled inline (drv-h$i, drvv$i, $NET.$((10 + i)), $STATE/hosts/h$i) rather than
# through helper functions: a $(...) per host per use made `up 100` several times slower.

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

# Sets SSHD_PID to host i's sshd if it is alive and really ours (pid files outlive reboots and pids
# get reused: its title must name this host's config); returns 1 otherwise. Forks nothing.
sshd_pid() {
  local pidf=$STATE/hosts/h$1/sshd.pid title=""
  SSHD_PID=""
  [ -r "$pidf" ] && read -r SSHD_PID <"$pidf" && [ -n "$SSHD_PID" ] || return 1
  [ -r "/proc/$SSHD_PID/cmdline" ] && IFS= read -r -d '' title <"/proc/$SSHD_PID/cmdline" || true
  [[ $title == *"$STATE/hosts/h$1/sshd_config"* ]]
}

# Host numbers whose namespace exists and whose veth is a port of the bridge, one per line. The
# address inside is not checked (that would cost one `ip -n` per host): every sshd start
# (re)applies it, and a host without it has no running sshd, so `up` restarts it.
healthy_hosts() {
  local i veths
  veths=$(ip -o link show master "$BRIDGE" 2>/dev/null | sed -n 's/^[0-9]*: drvv\([0-9]*\)@.*/\1/p')
  for i in $veths; do [ -e "/run/netns/drv-h$i" ] && echo "$i"; done
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

# Stops the given hosts: each sshd from its pid file, then whatever still lives in their network
# namespaces (session sshds and their children: all descendants of those sshds). One pass over
# /proc finds them, instead of one `ip netns pids` scan per host.
stop_hosts() {
  [ $# -eq 0 ] && return 0
  local i pid ino path link
  declare -A ours=()
  for i in "$@"; do
    if sshd_pid "$i"; then kill "$SSHD_PID" 2>/dev/null || true; fi
    if [ -e "/run/netns/drv-h$i" ] && ino=$(stat -L -c %i "/run/netns/drv-h$i" 2>/dev/null); then
      ours["net:[$ino]"]=1
    fi
  done
  [ ${#ours[@]} -eq 0 ] && return 0
  while read -r path link; do
    [ -n "$link" ] && [ -n "${ours[$link]:-}" ] || continue
    pid=${path#/proc/}; pid=${pid%%/*}
    kill -9 "$pid" 2>/dev/null || true
  done < <(find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/ns/net' -printf '%p %l\n' 2>/dev/null)
}

# Stops only host i's listening sshd (open sessions continue) and waits until its port is free.
stop_listener() {
  local tries=0 pidf=$STATE/hosts/h$1/sshd.pid
  sshd_pid "$1" || return 0
  kill "$SSHD_PID" 2>/dev/null || true
  # sshd removes its pid file as it exits (after closing its listening socket).
  while [ -e "$pidf" ] && [ $tries -lt 100 ]; do sleep 0.02; tries=$((tries + 1)); done
}

# Deletes the namespaces of the given host numbers, in one ip batch. Deleting a namespace destroys
# its eth0 and with it the veth peer in the root namespace; the kernel does that in the background,
# batched, which is much faster than deleting each veth ourselves.
delete_net() {
  [ $# -eq 0 ] && return 0
  local i batch=""
  for i in "$@"; do
    [ -e "/run/netns/drv-h$i" ] && batch+="netns del drv-h$i"$'\n'
  done
  [ -n "$batch" ] && printf '%s' "$batch" | ip -force -batch - 2>/dev/null || true
  # A veth left from an interrupted run (namespace already gone) would block re-creation.
  for i in "$@"; do
    [ -e "/sys/class/net/drvv$i" ] && ip link del "drvv$i" 2>/dev/null || true
  done
}

# Creates namespace and veth pair of each given host in one ip batch. The namespace side is
# addressed by the host's start script (start_sshd), which runs inside the namespace anyway.
create_net() {
  [ $# -eq 0 ] && return 0
  local i batch=""
  for i in "$@"; do
    batch+="netns add drv-h$i"$'\n'
    batch+="link add drvv$i type veth peer name eth0 netns drv-h$i"$'\n'
    batch+="link set drvv$i master $BRIDGE up"$'\n'
  done
  printf '%s' "$batch" | ip -batch -
  for i in "$@"; do
    echo 1 >"/proc/sys/net/ipv6/conf/drvv$i/disable_ipv6" 2>/dev/null || true
  done
}

# Creates the per-host directories of hosts 1..n, a few processes in all rather than a few per host.
make_host_dirs() {
  local n=$1 i hd dirs=() tmps=() homes=()
  for ((i = 1; i <= n; i++)); do
    hd=$STATE/hosts/h$i
    dirs+=("$hd/srv"); tmps+=("$hd/tmp" "$hd/var_tmp"); homes+=("$hd/home")
  done
  mkdir -p "${dirs[@]}" "${tmps[@]}" "${homes[@]}"
  chmod 1777 "${tmps[@]}"
  chown "$FLEET_USER:" "${homes[@]}"
}

# Writes host i's sshd_config; returns 1 if it was already up to date.
write_host_config() {
  local i=$1 hd=$STATE/hosts/h$1 cfg old=""
  printf -v cfg '%s\n' \
    "# Written by fleet.sh for host h$i; rewritten on every up." \
    "ListenAddress $NET.$((10 + i)):22" \
    "HostKey $CACHE/hostkeys/h$i" \
    "PidFile $hd/sshd.pid" \
    "AuthorizedKeysFile $STATE/authorized_keys" \
    "PubkeyAuthentication yes" \
    "PasswordAuthentication no" \
    "KbdInteractiveAuthentication no" \
    "PermitRootLogin prohibit-password" \
    "UsePAM no" \
    "StrictModes no" \
    "UseDNS no" \
    "PrintMotd no" \
    "PrintLastLog no" \
    "MaxStartups 200:30:400" \
    "AcceptEnv LANG LC_*" \
    "Subsystem sftp /usr/lib/openssh/sftp-server" \
    "LogLevel INFO"
  [ -r "$hd/sshd_config" ] && IFS= read -r -d '' old <"$hd/sshd_config" || true
  [ "$old" = "$cfg" ] && return 1
  printf '%s' "$cfg" >"$hd/sshd_config.tmp"
  mv "$hd/sshd_config.tmp" "$hd/sshd_config"
}

# Starts host i's sshd in its namespace, with the per-host directories bound over the shared ones.
# `ip netns exec` gives the command its own mount namespace (slave of the root one), so the bind
# mounts are invisible outside and vanish with the host's last process.
# Starts host i's sshd in its namespace: addresses eth0 (idempotent), binds the per-host directories
# over the shared ones, then becomes sshd. `ip netns exec` gives the command its own mount namespace
# (slave of the root one), so the bind mounts are invisible outside and vanish with the host's
# last process. Runs in the background: `up` starts all hosts at once and then waits for them.
start_sshd() {
  local i=$1 hd=$STATE/hosts/h$1
  rm -f "$hd/sshd.pid"
  setsid ip netns exec "drv-h$i" /bin/sh -c '
      hd=$1; addr=$2; user_home=$3
      printf "addr replace %s/24 dev eth0\nlink set eth0 up\nlink set lo up\n" "$addr" | ip -batch - &&
      mount --bind "$hd/tmp" /tmp && mount --bind "$hd/var_tmp" /var/tmp &&
      mount --bind "$hd/srv" /srv && mount --bind "$hd/home" "$user_home" &&
      exec /usr/sbin/sshd -D -f "$hd/sshd_config" -E "$hd/sshd.log"' \
    sh "$hd" "$NET.$((10 + i))" "/home/$FLEET_USER" </dev/null >/dev/null 2>>"$hd/start.log" 9>&- &
}

write_client_files() {
  local n=$1 i tmp
  tmp=$STATE/.tmp
  cp "$KEY.pub" "$STATE/authorized_keys"

  local ktype kblob
  for ((i = 1; i <= n; i++)); do
    read -r ktype kblob _ <"$CACHE/hostkeys/h$i.pub"
    echo "$NET.$((10 + i)) $ktype $kblob"
  done >"$tmp"
  mv "$tmp" "$STATE/known_hosts"

  {
    echo "# Written by integration-tests/fleet.sh up $n; rewritten on every up."
    echo "[fleet]"
    for ((i = 1; i <= n; i++)); do
      echo "h$i ansible_host=$NET.$((10 + i)) ansible_user=$FLEET_USER ansible_ssh_private_key_file=$KEY"
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
  while [ $# -gt 0 ]; do
    pending=()
    for i in "$@"; do sshd_pid "$i" || pending+=("$i"); done
    [ ${#pending[@]} -eq 0 ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      for i in "${pending[@]}"; do
        log "h$i: sshd did not start; $STATE/hosts/h$i/start.log and sshd.log say:"
        cat "$STATE/hosts/h$i/start.log" "$STATE/hosts/h$i/sshd.log" >&2 2>/dev/null || true
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
  stop_hosts "${extra[@]}"
  delete_net "${extra[@]}"
  for i in "${extra[@]}"; do rm -rf "$STATE/hosts/h$i"; done

  ensure_user
  ensure_keys "$n"
  ensure_bridge
  declare -A healthy=()
  for i in $(healthy_hosts); do healthy[$i]=1; done
  for ((i = 1; i <= n; i++)); do
    [ -n "${healthy[$i]:-}" ] || rebuild+=("$i")
  done
  stop_hosts "${rebuild[@]}"
  delete_net "${rebuild[@]}"
  create_net "${rebuild[@]}"

  make_host_dirs "$n"
  for ((i = 1; i <= n; i++)); do
    # A changed config means a changed fleet.sh: restart that sshd so it takes effect.
    if write_host_config "$i"; then stop_listener "$i"; fi
    sshd_pid "$i" || start+=("$i")
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
  stop_hosts "${nums[@]}"
  delete_net "${nums[@]}"
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link del "$BRIDGE"
  rm -rf "$STATE"
  log "down: removed ${#nums[@]} host(s)"
}

cmd_status() {
  local n i pid bad=0
  n=$(recorded_size)
  [ "$n" -gt 0 ] || { echo "fleet: down"; return 3; }
  declare -A healthy=()
  for i in $(healthy_hosts); do healthy[$i]=1; done
  for ((i = 1; i <= n; i++)); do
    if sshd_pid "$i" && [ -n "${healthy[$i]:-}" ]; then
      echo "h$i $NET.$((10 + i)) up pid=$SSHD_PID"
    else
      echo "h$i $NET.$((10 + i)) DOWN"; bad=1
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
