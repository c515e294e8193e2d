#!/usr/bin/env bash
# A fleet of real OpenSSH hosts on this machine, for Drover's integration tests and benchmarks.
#
#   fleet.sh up N [--machines M]  start (or converge to) N hosts h1..hN (and M systemd machines); idempotent
#   fleet.sh machines M           converge to M systemd machines s1..sM only (0 stops them); fleet must be up
#   fleet.sh down                 stop what `up` started and delete its namespaces, veths and bridge
#   fleet.sh status               one line per host; exit 0 only if every host (and machine) is up
#   fleet.sh inventory            print the path of the INI inventory
#   fleet.sh env                  print `export` lines (ANSIBLE_CONFIG, DROVER_FLEET_*) for eval
#
# Without --machines, `up` leaves the machines as they are. Machines s1..sM are real Debian systems
# booted with systemd (systemd-nspawn), in inventory machines.ini (group machines), with a local apt
# repository; see fleet-machines.sh. The first `up --machines` builds their image (minutes, cached).
#
# Besides h1..hN, `up` starts two extras for connection tests (issue 11): a password-only sshd on h1
# port 2222 (user drover, password in $STATE/password), and host hidden1 (10.77.1.11) in namespace
# drv-hidden1, linked only to h1 (eth1, 10.77.1.1/24): it is reachable only through h1 as a jump
# host. The root namespace gets an `unreachable` route for 10.77.1.0/24, so a direct attempt fails
# at once and never leaves the machine. `up` also writes known_hosts_hashed (ssh-keygen -H) and an
# ssh_config with a Host block per host (use with ssh -F).
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
PASSWORD_PORT=2222               # h1's password-only sshd
HIDDEN=hidden1                   # the host behind the bastion h1
HIDDEN_NS=drv-$HIDDEN
HIDDEN_NET=10.77.1
HIDDEN_ADDR=$HIDDEN_NET.11
BASTION_HIDDEN_ADDR=$HIDDEN_NET.1    # h1's address on the hidden link (eth1)

die() { echo "fleet.sh: $*" >&2; exit 1; }
log() { echo "fleet.sh: $*" >&2; }

. "$(dirname "${BASH_SOURCE[0]}")/fleet-machines.sh"

# Per-host names are spelled inline (drv-h$i, drvv$i, $NET.$((10 + i)), $STATE/hosts/h$i) rather than
# through helper functions: a $(...) per host per use made `up 100` several times slower.

require_root() { [ "$(id -u)" -eq 0 ] || die "must run as root (it creates network namespaces)"; }

require_tools() {
  local t missing=()
  for t in /usr/sbin/sshd ip ssh-keygen sudo setsid flock openssl; do
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
  pid_of_sshd "$STATE/hosts/h$1/sshd.pid" "$STATE/hosts/h$1/sshd_config"
}

# pid_of_sshd PIDFILE CONFIG NETNS: like pid_of_sshd, and the process must live in the named network
# namespace now (a namespace deleted and made again under the same name leaves it in the old one).
pid_of_sshd_in() {
  pid_of_sshd "$1" "$2" || return 1
  local inodes
  inodes=$(stat -L -c %i "/proc/$SSHD_PID/ns/net" "/run/netns/$3" 2>/dev/null) || return 1
  [ "${inodes%%$'\n'*}" = "${inodes##*$'\n'}" ]
}

# Sets SSHD_PID from pid file $1 if that process is alive and runs config $2; returns 1 otherwise.
pid_of_sshd() {
  local title=""
  SSHD_PID=""
  [ -r "$1" ] && read -r SSHD_PID <"$1" && [ -n "$SSHD_PID" ] || return 1
  [ -r "/proc/$SSHD_PID/cmdline" ] && IFS= read -r -d '' title <"/proc/$SSHD_PID/cmdline" || true
  [[ $title == *"$2"* ]]
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
  # Also accepted: an RSA and an ECDSA key, for tests of other key types and formats.
  [ -s "$CACHE/id_rsa" ] || ssh-keygen -q -t rsa -b 3072 -N '' -C drover-fleet-rsa -f "$CACHE/id_rsa"
  [ -s "$CACHE/id_ecdsa" ] || ssh-keygen -q -t ecdsa -b 256 -N '' -C drover-fleet-ecdsa -f "$CACHE/id_ecdsa"
  local i todo=()
  for ((i = 1; i <= $1; i++)); do
    [ -s "$CACHE/hostkeys/h$i" ] || todo+=("h$i")
  done
  [ -s "$CACHE/hostkeys/$HIDDEN" ] || todo+=("$HIDDEN")
  [ ${#todo[@]} -eq 0 ] && return 0
  printf '%s\n' "${todo[@]}" |
    xargs -P 8 -I{} ssh-keygen -q -t ed25519 -N '' -C drv-{} -f "$CACHE/hostkeys/{}"
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
  local i namespaces=()
  for i in "$@"; do
    if sshd_pid "$i"; then kill "$SSHD_PID" 2>/dev/null || true; fi
    namespaces+=("drv-h$i")
  done
  kill_in_netns "${namespaces[@]}"
}

# Kills (-9) every process whose network namespace is one of the given named namespaces.
kill_in_netns() {
  local ns pid ino path link
  declare -A ours=()
  for ns in "$@"; do
    if [ -e "/run/netns/$ns" ] && ino=$(stat -L -c %i "/run/netns/$ns" 2>/dev/null); then
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
  local i=$1
  write_sshd_config "$STATE/hosts/h$i/sshd_config" "host h$i" "$NET.$((10 + i)):22" \
    "$CACHE/hostkeys/h$i" "$STATE/hosts/h$i/sshd.pid" key
}

# Writes an sshd_config: write_sshd_config FILE WHAT LISTEN HOSTKEY PIDFILE key|password.
# `key` is the fleet's key-only login; `password` accepts only drover's password. Returns 1 if the
# file was already up to date.
write_sshd_config() {
  local file=$1 cfg old="" pubkey=yes password=no root=prohibit-password users=""
  if [ "$6" = password ]; then pubkey=no; password=yes; root=no; users="AllowUsers $FLEET_USER"; fi
  printf -v cfg '%s\n' \
    "# Written by fleet.sh for $2; rewritten on every up." \
    "ListenAddress $3" \
    "HostKey $4" \
    "PidFile $5" \
    "AuthorizedKeysFile $STATE/authorized_keys" \
    "PubkeyAuthentication $pubkey" \
    "PasswordAuthentication $password" \
    "KbdInteractiveAuthentication no" \
    "PermitRootLogin $root" \
    "UsePAM no" \
    "StrictModes no" \
    "UseDNS no" \
    "PrintMotd no" \
    "PrintLastLog no" \
    "MaxStartups 200:30:400" \
    "AcceptEnv LANG LC_*" \
    "Subsystem sftp /usr/lib/openssh/sftp-server" \
    "LogLevel VERBOSE"
  [ -n "$users" ] && cfg+="$users"$'\n'
  [ -r "$file" ] && IFS= read -r -d '' old <"$file" || true
  [ "$old" = "$cfg" ] && return 1
  printf '%s' "$cfg" >"$file.tmp"
  mv "$file.tmp" "$file"
}

# Starts host i's sshd in its namespace, with the per-host directories bound over the shared ones.
# `ip netns exec` gives the command its own mount namespace (slave of the root one), so the bind
# mounts are invisible outside and vanish with the host's last process.
# Starts host i's sshd in its namespace: addresses eth0 (idempotent), binds the per-host directories
# over the shared ones, then becomes sshd. `ip netns exec` gives the command its own mount namespace
# (slave of the root one), so the bind mounts are invisible outside and vanish with the host's
# last process. Runs in the background: `up` starts all hosts at once and then waits for them.
start_sshd() {
  rm -f "$STATE/hosts/h$1/sshd.pid"
  launch_sshd "drv-h$1" "$STATE/hosts/h$1" "$NET.$((10 + $1))" sshd
}

# launch_sshd NAMESPACE HOSTDIR ADDRESS NAME: runs sshd -f HOSTDIR/NAME_config (log NAME.log) in the
# namespace, with eth0 addressed and HOSTDIR's private directories bound; in the background.
launch_sshd() {
  setsid ip netns exec "$1" /bin/sh -c '
      hd=$1; addr=$2; user_home=$3; name=$4
      printf "addr replace %s/24 dev eth0\nlink set eth0 up\nlink set lo up\n" "$addr" | ip -batch - &&
      mount --bind "$hd/tmp" /tmp && mount --bind "$hd/var_tmp" /var/tmp &&
      mount --bind "$hd/srv" /srv && mount --bind "$hd/home" "$user_home" &&
      exec /usr/sbin/sshd -D -f "$hd/${name}_config" -E "$hd/$name.log"' \
    sh "$2" "$3" "/home/$FLEET_USER" "$4" </dev/null >/dev/null 2>>"$2/start.log" 9>&- &
}

# The password file, and drover's password set to it (only when it is not already).
ensure_password() {
  local pw salt hash
  if [ ! -s "$STATE/password" ]; then
    (umask 077; openssl rand -hex 12 >"$STATE/password.tmp")
    mv "$STATE/password.tmp" "$STATE/password"
  fi
  chmod 0600 "$STATE/password"
  read -r pw <"$STATE/password"
  hash=$(getent shadow "$FLEET_USER" | cut -d: -f2)
  if [[ $hash == '$6$'* ]]; then
    salt=${hash#'$6$'}; salt=${salt%%'$'*}
    [ "$(openssl passwd -6 -salt "$salt" -stdin <<<"$pw")" = "$hash" ] && return 0
  fi
  usermod -p "$(openssl passwd -6 -stdin <<<"$pw")" "$FLEET_USER"
}

# h1's second sshd: same namespace and private directories as h1, port $PASSWORD_PORT, password only.
ensure_password_sshd() {
  local hd=$STATE/hosts/h1 pidf=$STATE/hosts/h1/sshd_password.pid
  if write_sshd_config "$hd/sshd_password_config" "h1's password-only port" "$NET.11:$PASSWORD_PORT" \
      "$CACHE/hostkeys/h1" "$pidf" password && pid_of_sshd "$pidf" "$hd/sshd_password_config"; then
    kill "$SSHD_PID" 2>/dev/null || true
    local tries=0
    while [ -e "$pidf" ] && [ $tries -lt 100 ]; do sleep 0.02; tries=$((tries + 1)); done
  fi
  pid_of_sshd_in "$pidf" "$hd/sshd_password_config" drv-h1 && return 0
  # Alive but in an older h1 namespace: unreachable, and ours (its title names our config).
  if pid_of_sshd "$pidf" "$hd/sshd_password_config"; then kill "$SSHD_PID" 2>/dev/null || true; fi
  rm -f "$pidf"
  launch_sshd drv-h1 "$hd" "$NET.11" sshd_password
  EXTRA_STARTS+=("$pidf $hd/sshd_password_config")
}

# hidden1: its own namespace, whose only link is a veth pair to h1 (h1 eth1 10.77.1.1 <-> hidden1
# eth0 10.77.1.11). Rebuilding h1 destroys that link; then the link is made again and hidden1's
# sshd restarted (its listening socket may be stale).
ensure_hidden() {
  local hd=$STATE/hosts/$HIDDEN pidf=$STATE/hosts/$HIDDEN/sshd.pid restart=0
  mkdir -p "$hd/srv" "$hd/tmp" "$hd/var_tmp" "$hd/home"
  chmod 1777 "$hd/tmp" "$hd/var_tmp"
  chown "$FLEET_USER:" "$hd/home"
  [ -e "/run/netns/$HIDDEN_NS" ] || ip netns add "$HIDDEN_NS"
  # Checked on h1's side: a rebuilt h1 has no eth1, while hidden1's old eth0 may linger until the
  # kernel has finished with h1's old namespace.
  if ! ip -n drv-h1 link show eth1 >/dev/null 2>&1; then
    ip -n "$HIDDEN_NS" link del eth0 2>/dev/null || true
    ip -n drv-h1 link add eth1 type veth peer name eth0 netns "$HIDDEN_NS"
    restart=1
  fi
  printf 'addr replace %s/24 dev eth1\nlink set eth1 up\n' "$BASTION_HIDDEN_ADDR" | ip -n drv-h1 -batch -
  # Nothing for 10.77.1.0/24 may leave the machine by the default route: fail at once instead.
  ip route replace unreachable "$HIDDEN_NET.0/24"
  if write_sshd_config "$hd/sshd_config" "host $HIDDEN" "$HIDDEN_ADDR:22" "$CACHE/hostkeys/$HIDDEN" "$pidf" key; then
    restart=1
  fi
  if [ $restart -eq 1 ] || ! pid_of_sshd_in "$pidf" "$hd/sshd_config" "$HIDDEN_NS"; then
    kill_in_netns "$HIDDEN_NS"
    rm -f "$pidf"
    launch_sshd "$HIDDEN_NS" "$hd" "$HIDDEN_ADDR" sshd
    EXTRA_STARTS+=("$pidf $hd/sshd_config")
  fi
}

# Waits for the sshds named in EXTRA_STARTS ("pidfile config" pairs).
wait_for_extras() {
  local deadline=$((SECONDS + 20)) e pending
  while [ ${#EXTRA_STARTS[@]} -gt 0 ]; do
    pending=()
    for e in "${EXTRA_STARTS[@]}"; do
      # shellcheck disable=SC2086
      pid_of_sshd $e || pending+=("$e")
    done
    [ ${#pending[@]} -eq 0 ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      for e in "${pending[@]}"; do
        log "sshd ${e#* } did not start; see $(dirname "${e%% *}")/start.log and its log"
      done
      die "${#pending[@]} extra sshd(s) failed to start"
    fi
    EXTRA_STARTS=("${pending[@]}")
    sleep 0.05
  done
}

# known_hosts lines of the extras: h1's password port and hidden1.
hidden_known_hosts_lines() {
  local ktype kblob
  read -r ktype kblob _ <"$CACHE/hostkeys/h1.pub"
  echo "[$NET.11]:$PASSWORD_PORT $ktype $kblob"
  read -r ktype kblob _ <"$CACHE/hostkeys/$HIDDEN.pub"
  echo "$HIDDEN_ADDR $ktype $kblob"
}

# ssh_config for `ssh -F`: a block per host (h<i>, hidden1 through h1, h1-password), then defaults.
write_ssh_config() {
  local n=$1 i tmp=$STATE/.tmp machines
  machines=$(recorded_machines)
  {
    echo "# Written by integration-tests/fleet.sh up $n; rewritten on every up. Use: ssh -F $STATE/ssh_config h1"
    for ((i = 1; i <= n; i++)); do
      printf 'Host h%d\n  HostName %s\n\n' "$i" "$NET.$((10 + i))"
    done
    for ((i = 1; i <= machines; i++)); do
      printf 'Host s%d\n  HostName %s\n\n' "$i" "$NET.$((255 - i))"
    done
    printf 'Host %s\n  HostName %s\n  ProxyJump h1\n\n' "$HIDDEN" "$HIDDEN_ADDR"
    printf 'Host h1-password\n  HostName %s\n  Port %d\n  PubkeyAuthentication no\n' "$NET.11" "$PASSWORD_PORT"
    printf '  PreferredAuthentications password\n\n'
    printf 'Host *\n  User %s\n  IdentityFile %s\n  IdentitiesOnly yes\n' "$FLEET_USER" "$KEY"
    printf '  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n' "$STATE/known_hosts"
  } >"$tmp"
  mv "$tmp" "$STATE/ssh_config"
}

write_client_files() {
  local n=$1 i tmp
  tmp=$STATE/.tmp
  cat "$KEY.pub" "$CACHE/id_rsa.pub" "$CACHE/id_ecdsa.pub" >"$tmp"
  mv "$tmp" "$STATE/authorized_keys"

  local ktype kblob
  for ((i = 1; i <= n; i++)); do
    read -r ktype kblob _ <"$CACHE/hostkeys/h$i.pub"
    echo "$NET.$((10 + i)) $ktype $kblob"
  done >"$tmp"
  hidden_known_hosts_lines >>"$tmp"
  machine_known_hosts_lines "$(recorded_machines)" >>"$tmp"
  mv "$tmp" "$STATE/known_hosts"
  # The same entries hashed (ssh-keygen -H leaves the plain copy in .old).
  cp "$STATE/known_hosts" "$tmp"
  ssh-keygen -q -H -f "$tmp" >/dev/null 2>&1
  rm -f "$tmp.old"
  chmod 0644 "$tmp"
  mv "$tmp" "$STATE/known_hosts_hashed"
  write_ssh_config "$n"

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
  write_machines_inventory "$(recorded_machines)"

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

# Checks that N hosts and M machines fit the bridge's network (hosts from .11 up, machines from .254 down).
check_sizes() {
  [ $(($1 + $2)) -le $MAX_HOSTS ] || die "$1 hosts + $2 machines do not fit in $NET.11-254 (at most $MAX_HOSTS)"
}

cmd_up() {
  local n=${1:-} m=""
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le $MAX_HOSTS ] ||
    die "usage: fleet.sh up N [--machines M] (N in 1..$MAX_HOSTS)"
  if [ $# -gt 1 ]; then
    [ "$2" = --machines ] && [[ ${3:-} =~ ^[0-9]+$ ]] && [ $# -eq 3 ] || die "usage: fleet.sh up N [--machines M]"
    m=$3
  fi
  require_root; require_tools; check_state_dir
  # Before the fleet's lock: a first image build takes minutes.
  [ "${m:-0}" -gt 0 ] && prepare_machines
  lock
  mkdir -p "$STATE/hosts" "$STATE/machines"
  check_sizes "$n" "${m:-$(recorded_machines)}"
  [ -n "$m" ] && echo "$m" >"$STATE/machines/count"
  ensure_machine_keys "$(recorded_machines)"     # known_hosts lists the machines' keys

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
  ensure_password
  for i in "${start[@]}"; do start_sshd "$i"; done
  EXTRA_STARTS=()
  ensure_password_sshd
  ensure_hidden
  wait_for_sshd "${start[@]}"
  wait_for_extras
  log "up: $n host(s) ($((n - ${#start[@]})) already running, ${#rebuild[@]} network(s) created)" \
    "+ h1:$PASSWORD_PORT (password) + $HIDDEN via h1; inventory: $STATE/inventory.ini"
  if [ -n "$m" ]; then
    converge_machines "$m"
    log "up: $m machine(s); inventory: $STATE/machines.ini"
  fi
}

# Converges the machines only: the hosts, their sshds and the bridge are left as they are.
cmd_machines() {
  local m=${1:-} n
  [[ $m =~ ^[0-9]+$ ]] && [ $# -eq 1 ] || die "usage: fleet.sh machines M (0 stops them)"
  require_root; check_state_dir
  [ "$m" -gt 0 ] && prepare_machines
  lock
  n=$(recorded_size)
  if [ "$n" -eq 0 ] || ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    [ "$m" -eq 0 ] || die "the fleet is down (run: fleet.sh up N --machines $m)"
    converge_machines 0
    return 0
  fi
  check_sizes "$n" "$m"
  mkdir -p "$STATE/machines"
  ensure_machine_keys "$m"
  echo "$m" >"$STATE/machines/count"
  write_client_files "$n"
  converge_machines "$m"
  log "machines: $m machine(s); inventory: $STATE/machines.ini"
}

cmd_down() {
  require_root; lock
  local i ns d nums=() seen=" "
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^drv-h[0-9]+$' || true); do
    i=${ns#drv-h}; nums+=("$i"); seen+="$i "
  done
  for d in "$STATE"/hosts/h[0-9]*; do
    [ -d "$d" ] || continue
    i=${d##*/h}
    case "$seen" in *" $i "*) ;; *) nums+=("$i") ;; esac
  done
  stop_hosts "${nums[@]}"
  delete_net "${nums[@]}"
  converge_machines 0
  if [ -e "/run/netns/$HIDDEN_NS" ]; then
    kill_in_netns "$HIDDEN_NS"
    ip netns del "$HIDDEN_NS"
  fi
  ip route del unreachable "$HIDDEN_NET.0/24" 2>/dev/null || true
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link del "$BRIDGE"
  # Only a password set by `up` (recorded in the state dir) is taken away again.
  if [ -s "$STATE/password" ] && id "$FLEET_USER" >/dev/null 2>&1; then usermod -p '*' "$FLEET_USER"; fi
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
  # The extras go to stderr: stdout stays one line per inventory host, which callers count.
  if pid_of_sshd_in "$STATE/hosts/h1/sshd_password.pid" "$STATE/hosts/h1/sshd_password_config" drv-h1; then
    echo "h1:$PASSWORD_PORT $NET.11 up pid=$SSHD_PID (password only)" >&2
  else
    echo "h1:$PASSWORD_PORT $NET.11 DOWN (password only)" >&2; bad=1
  fi
  if pid_of_sshd_in "$STATE/hosts/$HIDDEN/sshd.pid" "$STATE/hosts/$HIDDEN/sshd_config" "$HIDDEN_NS" &&
      ip -n drv-h1 link show eth1 >/dev/null 2>&1; then
    echo "$HIDDEN $HIDDEN_ADDR up pid=$SSHD_PID (only through h1)" >&2
  else
    echo "$HIDDEN $HIDDEN_ADDR DOWN (only through h1)" >&2; bad=1
  fi
  machines_status || bad=1
  return $bad
}

cmd_env() {
  [ -s "$STATE/inventory.ini" ] || die "fleet is down (run: fleet.sh up N)"
  echo "export ANSIBLE_CONFIG='$STATE/ansible.cfg'"
  echo "export DROVER_FLEET_INVENTORY='$STATE/inventory.ini'"
  echo "export DROVER_FLEET_KNOWN_HOSTS='$STATE/known_hosts'"
  echo "export DROVER_FLEET_KEY='$KEY'"
  echo "export DROVER_FLEET_STATE='$STATE'"
  echo "export DROVER_FLEET_SSH_CONFIG='$STATE/ssh_config'"
  echo "export DROVER_FLEET_KNOWN_HOSTS_HASHED='$STATE/known_hosts_hashed'"
  echo "export DROVER_FLEET_PASSWORD_FILE='$STATE/password'"
  echo "export DROVER_FLEET_PASSWORD_PORT='$PASSWORD_PORT'"
  echo "export DROVER_FLEET_HIDDEN='$HIDDEN $HIDDEN_ADDR'"
  echo "export DROVER_FLEET_BASTION='h1 $NET.11 $BASTION_HIDDEN_ADDR'"
  echo "export DROVER_FLEET_MACHINES_INVENTORY='$STATE/machines.ini'"
  echo "export DROVER_FLEET_APT_REPO='$APT_REPO'"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  machines) shift; cmd_machines "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  inventory) [ -s "$STATE/inventory.ini" ] || die "fleet is down (run: fleet.sh up N)"; echo "$STATE/inventory.ini" ;;
  env) cmd_env ;;
  *) sed -n '2,10s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
