# Sourced by fleet.sh: the fleet's systemd machines s1..sM and their local apt repository.
#
# Machine i runs systemd as PID 1 in its own container (systemd-nspawn --boot) in network namespace
# drv-s<i>, linked to the fleet bridge by veth drvs<i>, address 10.77.0.(255-i): machines count down
# from .254 while hosts h<i> count up from .11, so the two cannot collide while N + M <= 244.
#
# All machines boot from ONE read-only Debian image in the cache, each with its own writable tmpfs
# layer over it (--volatile=overlay): whatever a test changes on a machine is gone when it stops.
# The image is built in two cached steps, each redone only when its stamp (inputs) changes:
#   machine-base   debootstrap --variant=minbase of the packages below (a few minutes, once)
#   machine-image  a copy of the base with what every machine shares: user drover (NOPASSWD sudo),
#                  an sshd drop-in, apt sources naming only the fleet's repository, no apt timers
# Per machine, a directory of the state dir is bound read-only at /etc/ssh/fleet: its sshd host key
# (cached in hostkeys/s<i> like the hosts' keys) and the fleet's authorized_keys.
#
# The apt repository (cache dir apt-repo) holds a few small real packages and every dependency the
# image lacks, downloaded once from Debian with the host's apt against the base image's dpkg status,
# indexed by apt-ftparchive. It is bound read-only into every machine at $MACHINE_REPO_DIR, which is
# the machines' only apt source (they have no other network than the bridge).

MACHINE_SUITE=bookworm
MACHINE_MIRROR=${DROVER_FLEET_MIRROR:-http://deb.debian.org/debian}
# python3-apt: ansible's apt module needs it on the target; libnss-myhostname: the machine resolves
# its own name (sudo looks it up) without DNS.
MACHINE_PACKAGES=systemd,systemd-sysv,dbus,openssh-server,sudo,python3,python3-apt,iproute2,ca-certificates,libnss-myhostname
REPO_PACKAGES="hello jq tree haproxy nginx"
MACHINE_BASE=$CACHE/machine-base
MACHINE_IMAGE=$CACHE/machine-image
APT_REPO=$CACHE/apt-repo
MACHINE_REPO_DIR=/opt/drover-apt
MACHINE_BOOT_TIMEOUT=120
# Timers and services that would only slow a boot or, worse, take apt's lock in the middle of a test.
MACHINE_MASKED="apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer fstrim.timer
  e2scrub_reap.service systemd-pstore.service getty@tty1.service console-getty.service"

# Number of machines recorded by the last `up --machines`/`machines`, or 0.
recorded_machines() { cat "$STATE/machines/count" 2>/dev/null || echo 0; }

# rm -rf of a root file system tree that may still have something mounted inside (an interrupted
# debootstrap): never descends into another file system.
remove_tree() {
  [ -e "$1" ] || return 0
  local m
  for m in $(awk -v d="$1/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$1"
}

require_machine_tools() {
  local t missing=()
  for t in systemd-nspawn debootstrap apt-ftparchive apt-get nsenter chroot; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] || die "machines need: ${missing[*]} (run bin/ensure-prereqs as root)"
}

base_stamp() {
  echo "debootstrap --variant=minbase --include=$MACHINE_PACKAGES $MACHINE_SUITE $MACHINE_MIRROR"
}

ensure_machine_base() {
  local want have=""
  want=$(base_stamp)
  [ -r "$MACHINE_BASE.stamp" ] && read -r have <"$MACHINE_BASE.stamp"
  [ "$have" = "$want" ] && [ -d "$MACHINE_BASE/usr" ] && return 0
  log "machines: debootstrap $MACHINE_SUITE into $MACHINE_BASE (once; takes minutes) ..."
  local t=$SECONDS
  remove_tree "$MACHINE_BASE.tmp"
  debootstrap --variant=minbase --include="$MACHINE_PACKAGES" "$MACHINE_SUITE" "$MACHINE_BASE.tmp" \
      "$MACHINE_MIRROR" >"$CACHE/debootstrap.log" 2>&1 ||
    die "debootstrap failed; see $CACHE/debootstrap.log"
  remove_tree "$MACHINE_BASE"
  rm -f "$MACHINE_BASE.stamp"
  mv "$MACHINE_BASE.tmp" "$MACHINE_BASE"
  echo "$want" >"$MACHINE_BASE.stamp"
  log "machines: base built in $((SECONDS - t))s"
}

# What every machine shares, applied to a copy of the base (argument: its root).
customize_image() {
  local r=$1 u
  # Per-machine identity comes at boot: nspawn's hostname, a machine id from the container's uuid,
  # the host key from /etc/ssh/fleet.
  rm -f "$r"/etc/ssh/ssh_host_* "$r/etc/hostname" "$r/var/lib/dbus/machine-id" "$r/etc/resolv.conf"
  : >"$r/etc/machine-id"
  # No DNS on the bridge: without a nameserver a lookup fails at once instead of timing out.
  echo "# fleet machine: no DNS" >"$r/etc/resolv.conf"
  printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$r/etc/hosts"
  chroot "$r" useradd --create-home --shell /bin/bash --user-group "$FLEET_USER"
  chroot "$r" usermod -p '*' "$FLEET_USER"
  echo "$FLEET_USER ALL=(ALL:ALL) NOPASSWD: ALL" >"$r/etc/sudoers.d/drover-fleet"
  chmod 0440 "$r/etc/sudoers.d/drover-fleet"
  mkdir -p "$r/etc/ssh/fleet" "$r$MACHINE_REPO_DIR"
  # sshd_config includes the drop-ins first, and the first value of an option wins.
  printf '%s\n' "# Written by fleet.sh: the fleet's keys come from /etc/ssh/fleet (bound per machine)." \
    "HostKey /etc/ssh/fleet/host_key" \
    "AuthorizedKeysFile .ssh/authorized_keys /etc/ssh/fleet/authorized_keys" \
    "PasswordAuthentication no" \
    "UseDNS no" \
    "MaxStartups 200:30:400" \
    "LogLevel VERBOSE" >"$r/etc/ssh/sshd_config.d/drover-fleet.conf"
  echo "deb [trusted=yes] file:$MACHINE_REPO_DIR ./" >"$r/etc/apt/sources.list"
  rm -rf "$r"/etc/apt/sources.list.d/* "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin
  rm -f "$r"/var/cache/apt/archives/*.deb
  for u in $MACHINE_MASKED; do
    rm -f "$r"/etc/systemd/system/*.wants/"$u"
    ln -sfn /dev/null "$r/etc/systemd/system/$u"
  done
}

image_stamp() {
  printf '%s | %s %s %s | %s\n' "$(base_stamp)" "$FLEET_USER" "$MACHINE_REPO_DIR" "$MACHINE_MASKED" \
    "$(declare -f customize_image | sha256sum | cut -c1-16)" | tr -s ' \n' ' '
}

# Moves a freshly built tree ($1.tmp) in place of $1 and records its stamp. A machine running on the
# old tree keeps it (its mounts follow the rename) until converge_machines restarts it and then
# deletes the old one.
swap_in() {
  [ -e "$1" ] && mv "$1" "$1.old.$$"
  mv "$1.tmp" "$1"
  echo "$2" >"$1.stamp"
}

ensure_machine_image() {
  local want have=""
  want=$(image_stamp)
  [ -r "$MACHINE_IMAGE.stamp" ] && IFS= read -r have <"$MACHINE_IMAGE.stamp"
  [ "$have" = "$want" ] && [ -d "$MACHINE_IMAGE/usr" ] && return 0
  remove_tree "$MACHINE_IMAGE.tmp"
  cp -a --reflink=auto "$MACHINE_BASE" "$MACHINE_IMAGE.tmp"
  customize_image "$MACHINE_IMAGE.tmp"
  swap_in "$MACHINE_IMAGE" "$want"
}

repo_stamp() {
  echo "$REPO_PACKAGES | on $(base_stamp)"
}

ensure_apt_repo() {
  local want have="" w=$APT_REPO.work
  want=$(repo_stamp)
  [ -r "$APT_REPO.stamp" ] && IFS= read -r have <"$APT_REPO.stamp"
  [ "$have" = "$want" ] && [ -s "$APT_REPO/Packages" ] && return 0
  log "machines: downloading $REPO_PACKAGES and their dependencies into $APT_REPO ..."
  rm -rf "$w"
  mkdir -p "$w/lists/partial" "$w/cache/archives/partial" "$w/repo"
  echo "deb $MACHINE_MIRROR $MACHINE_SUITE main" >"$w/sources.list"
  # The host's apt, but resolving against what the image has installed: the repository then holds
  # exactly the packages a machine lacks. The image's keyring verifies Debian's signatures.
  local opts=(-q -o "Dir::State::status=$MACHINE_BASE/var/lib/dpkg/status" -o "Dir::State::Lists=$w/lists"
    -o "Dir::Cache=$w/cache" -o "Dir::Etc::SourceList=$w/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
    -o "Dir::Etc::Trusted=$MACHINE_BASE/etc/apt/trusted.gpg" -o "Dir::Etc::TrustedParts=$MACHINE_BASE/etc/apt/trusted.gpg.d"
    -o Debug::NoLocking=1 -o APT::Sandbox::User=root -o APT::Install-Recommends=false)
  # shellcheck disable=SC2086
  { apt-get "${opts[@]}" update && apt-get "${opts[@]}" install --download-only -y $REPO_PACKAGES; } \
      >"$w/apt.log" 2>&1 || { cat "$w/apt.log" >&2; die "downloading the machines' packages failed"; }
  mv "$w"/cache/archives/*.deb "$w/repo/"
  (cd "$w/repo" && apt-ftparchive packages . >Packages &&
    apt-ftparchive -o APT::FTPArchive::Release::Origin=drover-fleet -o APT::FTPArchive::Release::Label=drover-fleet \
      -o APT::FTPArchive::Release::Suite=fleet release . >../Release && mv ../Release Release) ||
    die "apt-ftparchive failed"
  chmod -R a+rX "$w/repo"
  rm -rf "$APT_REPO.tmp"
  mv "$w/repo" "$APT_REPO.tmp"
  rm -rf "$w"
  swap_in "$APT_REPO" "$want"
}

# Builds what machines boot from, where its stamp changed: base, apt repository, image. Holds only
# the cache's lock, not the fleet's: a first build takes minutes, and `up` of the hosts need not wait.
prepare_machines() {
  require_machine_tools
  mkdir -p "$CACHE"
  chmod 700 "$CACHE"
  lock_cache
  ensure_machine_base
  ensure_apt_repo
  ensure_machine_image
  exec 8>&-
}

# The cache's lock (fd 8). Taken after the fleet's lock, never before it.
lock_cache() {
  mkdir -p /run/lock
  exec 8>/run/lock/drover-fleet-cache.lock
  flock 8
}

# Deletes the image and repository trees replaced by swap_in; call when no machine runs on them.
remove_old_trees() {
  local d
  for d in "$MACHINE_IMAGE".old.* "$APT_REPO".old.*; do [ -e "$d" ] && remove_tree "$d"; done
  return 0
}

ensure_machine_keys() {
  local i todo=()
  mkdir -p "$CACHE/hostkeys"
  for ((i = 1; i <= $1; i++)); do
    [ -s "$CACHE/hostkeys/s$i" ] || todo+=("s$i")
  done
  [ ${#todo[@]} -eq 0 ] && return 0
  printf '%s\n' "${todo[@]}" | xargs -P 8 -I{} ssh-keygen -q -t ed25519 -N '' -C drv-{} -f "$CACHE/hostkeys/{}"
}

# Sets MACHINE_COMMAND to the command line machine i boots with.
machine_command() {
  local i=$1
  MACHINE_COMMAND=(systemd-nspawn --boot "--directory=$MACHINE_IMAGE" --volatile=overlay
    --register=no --keep-unit "--machine=drv-s$i" "--hostname=s$i"
    "--network-namespace-path=/run/netns/drv-s$i" --console=passive --resolv-conf=off --link-journal=no
    "--bind-ro=$STATE/machines/s$i/fleet:/etc/ssh/fleet" "--bind-ro=$APT_REPO:$MACHINE_REPO_DIR")
}

# Sets MACHINE_PID to machine i's systemd-nspawn if it is alive and ours (its title names the
# machine; pid files outlive reboots); returns 1 otherwise.
nspawn_pid() {
  local title=""
  MACHINE_PID=""
  [ -r "$STATE/machines/s$1/nspawn.pid" ] && read -r MACHINE_PID <"$STATE/machines/s$1/nspawn.pid" &&
    [ -n "$MACHINE_PID" ] && [ -r "/proc/$MACHINE_PID/cmdline" ] || return 1
  title=$(tr '\0' ' ' <"/proc/$MACHINE_PID/cmdline" 2>/dev/null) || return 1
  [[ $title == "systemd-nspawn "*" --machine=drv-s$1 "* ]]
}

# Like nspawn_pid, and sets MACHINE_LEADER to the container's systemd, which must live in the
# current drv-s<i> namespace (one deleted and made again under the same name is another).
machine_pid() {
  local inodes
  MACHINE_LEADER=""
  nspawn_pid "$1" || return 1
  MACHINE_LEADER=$(pgrep -P "$MACHINE_PID" -x systemd | head -1) && [ -n "$MACHINE_LEADER" ] || return 1
  inodes=$(stat -L -c %i "/proc/$MACHINE_LEADER/ns/net" "/run/netns/drv-s$1" 2>/dev/null) || return 1
  [ "${inodes%%$'\n'*}" = "${inodes##*$'\n'}" ]
}

# Whether machine i's veth is a port of the bridge (a re-created bridge has lost it).
machine_linked() {
  local l
  l=$(readlink "/sys/class/net/drvs$1/master" 2>/dev/null) && [ "${l##*/}" = "$BRIDGE" ]
}

# Stops the given machines: an orderly poweroff (nspawn turns SIGTERM into one), then -9 for
# whatever is left after 20 s; deletes their namespaces (and with them the veths).
stop_machines() {
  [ $# -eq 0 ] && return 0
  local i pids=() deadline=$((SECONDS + 20)) p alive namespaces=()
  for i in "$@"; do
    if nspawn_pid "$i"; then kill -TERM "$MACHINE_PID" 2>/dev/null && pids+=("$MACHINE_PID"); fi
    namespaces+=("drv-s$i")
  done
  while :; do
    alive=()
    for p in "${pids[@]}"; do [ -e "/proc/$p" ] && alive+=("$p"); done
    [ ${#alive[@]} -eq 0 ] || [ $SECONDS -ge $deadline ] && break
    sleep 0.1
  done
  for p in "${alive[@]}"; do log "machines: nspawn $p did not stop in 20 s; killing it"; kill -9 "$p" 2>/dev/null || true; done
  kill_in_netns "${namespaces[@]}"
  local batch=""
  for i in "$@"; do
    [ -e "/run/netns/drv-s$i" ] && batch+="netns del drv-s$i"$'\n'
    rm -f "$STATE/machines/s$i/nspawn.pid"
  done
  [ -n "$batch" ] && printf '%s' "$batch" | ip -force -batch - 2>/dev/null || true
  for i in "$@"; do
    [ -e "/sys/class/net/drvs$i" ] && ip link del "drvs$i" 2>/dev/null || true
    remove_machine_cgroups "$i"
  done
}

# Network of machine i: namespace, veth to the bridge, address and a default route via the gateway.
# eth0's MAC address is fixed per machine: with a random one, a restarted machine is unreachable
# for seconds while this machine's ARP cache still holds the old address.
create_machine_net() {
  local i=$1 mac
  printf -v mac '02:77:53:00:%02x:%02x' $((i / 256)) $((i % 256))
  ip netns add "drv-s$i"
  printf '%s\n' "link add drvs$i type veth peer name eth0 address $mac netns drv-s$i" \
    "link set drvs$i master $BRIDGE up" | ip -batch -
  echo 1 >"/proc/sys/net/ipv6/conf/drvs$i/disable_ipv6" 2>/dev/null || true
  printf '%s\n' "addr replace $NET.$((255 - i))/24 dev eth0" "link set eth0 up" "link set lo up" \
    "route replace default via $GATEWAY" | ip -n "drv-s$i" -batch -
}

# The cgroup directories of machine i, one per hierarchy that systemd uses (cgroup2 and, on a
# hybrid host, the v1 name=systemd one).
machine_cgroups() {
  MACHINE_CGROUPS=()
  if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
    MACHINE_CGROUPS+=("/sys/fs/cgroup/drover-fleet/s$1")
  else
    [ -e /sys/fs/cgroup/unified/cgroup.procs ] && MACHINE_CGROUPS+=("/sys/fs/cgroup/unified/drover-fleet/s$1")
    [ -e /sys/fs/cgroup/systemd/cgroup.procs ] && MACHINE_CGROUPS+=("/sys/fs/cgroup/systemd/drover-fleet/s$1")
  fi
  return 0
}

# Removes machine i's (empty, stopped) cgroup trees, deepest first.
remove_machine_cgroups() {
  local c
  machine_cgroups "$1"
  for c in "${MACHINE_CGROUPS[@]}"; do
    [ -d "$c" ] && find "$c" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

# Starts machine i in the background; its per-machine directory must be ready. nspawn runs in a
# cgroup of its own: with --keep-unit it puts the container under its current cgroup, and two
# containers sharing one would share their units' cgroups (stopping a service on s1 would kill the
# same service on s2).
start_machine() {
  local i=$1 md=$STATE/machines/s$1
  create_machine_net "$i"
  machine_command "$i"
  remove_machine_cgroups "$i"
  machine_cgroups "$i"
  mkdir -p "${MACHINE_CGROUPS[@]}"
  # The process that becomes nspawn joins the cgroups and writes the pid file (setsid may fork).
  setsid /bin/sh -c 'pidfile=$1; n=$2; shift 2
      while [ "$n" -gt 0 ]; do echo $$ >"$1/cgroup.procs" || exit 1; shift; n=$((n - 1)); done
      echo $$ >"$pidfile"; exec "$@"' \
    sh "$md/nspawn.pid" "${#MACHINE_CGROUPS[@]}" "${MACHINE_CGROUPS[@]}" "${MACHINE_COMMAND[@]}" \
    </dev/null >"$md/nspawn.log" 2>&1 8>&- 9>&- &
}

# Per-machine directory bound at /etc/ssh/fleet: host key and authorized_keys, kept up to date.
make_machine_dir() {
  local i=$1 fd=$STATE/machines/s$1/fleet
  mkdir -p "$fd"
  cmp -s "$CACHE/hostkeys/s$i" "$fd/host_key" || install -m 0600 "$CACHE/hostkeys/s$i" "$fd/host_key"
  cmp -s "$CACHE/hostkeys/s$i.pub" "$fd/host_key.pub" || install -m 0644 "$CACHE/hostkeys/s$i.pub" "$fd/host_key.pub"
  cmp -s "$STATE/authorized_keys" "$fd/authorized_keys" || install -m 0644 "$STATE/authorized_keys" "$fd/authorized_keys"
}

# Waits until every given machine's systemd says running (or degraded: a unit failed, which the
# machine's own `systemctl --failed` shows) and drover logs in over ssh with the fleet's known_hosts.
wait_for_machines() {
  local deadline=$((SECONDS + MACHINE_BOOT_TIMEOUT)) i pending state pid
  while [ $# -gt 0 ]; do
    pending=()
    for i in "$@"; do
      state="" pid=""
      # nspawn gone (bad option, image unusable): no use waiting for the timeout.
      if [ -s "$STATE/machines/s$i/nspawn.pid" ] && read -r pid <"$STATE/machines/s$i/nspawn.pid" &&
          [ -n "$pid" ] && [ ! -e "/proc/$pid" ]; then
        log "s$i: systemd-nspawn exited; $STATE/machines/s$i/nspawn.log says:"
        tail -20 "$STATE/machines/s$i/nspawn.log" >&2 2>/dev/null || true
        die "machine s$i failed to start"
      fi
      machine_pid "$i" && state=$(nsenter -t "$MACHINE_LEADER" -a systemctl is-system-running 2>/dev/null) || true
      case "$state" in
        running | degraded)
          ssh -q -i "$KEY" -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=5 \
            -o UserKnownHostsFile="$STATE/known_hosts" -o StrictHostKeyChecking=yes \
            "$FLEET_USER@$NET.$((255 - i))" true </dev/null 2>/dev/null || pending+=("$i") ;;
        *) pending+=("$i") ;;
      esac
    done
    [ ${#pending[@]} -eq 0 ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      for i in "${pending[@]}"; do
        log "s$i: not up after ${MACHINE_BOOT_TIMEOUT}s (systemd: ${state:-no container}); $STATE/machines/s$i/nspawn.log says:"
        tail -20 "$STATE/machines/s$i/nspawn.log" >&2 2>/dev/null || true
      done
      die "${#pending[@]} machine(s) failed to start"
    fi
    set -- "${pending[@]}"
    sleep 0.2
  done
}

# What machine i runs, recorded at start: its command line, and which image and repository trees
# (inode numbers: swap_in makes new ones even for an unchanged stamp). A running machine whose
# recorded signature differs from this is restarted.
machine_signature() {
  machine_command "$1"
  printf '%s\n' "${MACHINE_COMMAND[*]}" "trees: $(stat -c %i "$MACHINE_IMAGE" "$APT_REPO" | tr '\n' ' ')"
}

# Converges to machines s1..sM (0 stops them all); for M > 0, prepare_machines must have run. The
# hosts' client files must have been written with M recorded (known_hosts holds the machines' keys).
converge_machines() {
  local m=$1 i ns extra=() restart=() sig t=$SECONDS
  # Held throughout: the image and repository must not be swapped between signature and start.
  lock_cache
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^drv-s[0-9]+$' || true); do
    i=${ns#drv-s}
    [ "$i" -gt "$m" ] && extra+=("$i")
  done
  for i in $(ls "$STATE/machines" 2>/dev/null | sed -n 's/^s\([0-9]*\)$/\1/p'); do
    [ "$i" -gt "$m" ] && [ ! -e "/run/netns/drv-s$i" ] && extra+=("$i")
  done
  stop_machines "${extra[@]}"
  for i in "${extra[@]}"; do rm -rf "$STATE/machines/s$i"; done
  if [ "$m" -gt 0 ]; then
    for ((i = 1; i <= m; i++)); do
      make_machine_dir "$i"
      sig=$(machine_signature "$i")
      if ! machine_pid "$i" || ! machine_linked "$i" ||
          [ "$(cat "$STATE/machines/s$i/signature" 2>/dev/null)" != "$sig" ]; then
        restart+=("$i")
        printf '%s\n' "$sig" >"$STATE/machines/s$i/signature.next"
      fi
    done
    stop_machines "${restart[@]}"
    for i in "${restart[@]}"; do
      mv "$STATE/machines/s$i/signature.next" "$STATE/machines/s$i/signature"
      start_machine "$i"
    done
    wait_for_machines "${restart[@]}"
    [ ${#restart[@]} -gt 0 ] && log "machines: booted ${#restart[@]} in $((SECONDS - t))s"
  fi
  remove_old_trees
  exec 8>&-
}

# known_hosts lines of machines 1..M.
machine_known_hosts_lines() {
  local i ktype kblob
  for ((i = 1; i <= $1; i++)); do
    read -r ktype kblob _ <"$CACHE/hostkeys/s$i.pub"
    echo "$NET.$((255 - i)) $ktype $kblob"
  done
}

write_machines_inventory() {
  local m=$1 i tmp=$STATE/.tmp-machines
  {
    echo "# Written by integration-tests/fleet.sh (machines s1..s$m); rewritten on every up."
    echo "[machines]"
    for ((i = 1; i <= m; i++)); do
      echo "s$i ansible_host=$NET.$((255 - i)) ansible_user=$FLEET_USER ansible_ssh_private_key_file=$KEY"
    done
  } >"$tmp"
  mv "$tmp" "$STATE/machines.ini"
}

# status lines of machines 1..M (stderr, like the extras); returns 1 if one is down.
machines_status() {
  local m i bad=0 state
  m=$(recorded_machines)
  for ((i = 1; i <= m; i++)); do
    if machine_pid "$i" && machine_linked "$i"; then
      state=$(nsenter -t "$MACHINE_LEADER" -a systemctl is-system-running 2>/dev/null) || true
      echo "s$i $NET.$((255 - i)) up pid=$MACHINE_PID systemd=$MACHINE_LEADER ($state)" >&2
    else
      echo "s$i $NET.$((255 - i)) DOWN (systemd machine)" >&2; bad=1
    fi
  done
  return $bad
}
