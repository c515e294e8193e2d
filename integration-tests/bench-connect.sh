#!/usr/bin/env bash
# Connection setup time per host, ansible-playbook vs drover, direct and through the jump host h1.
#
#   integration-tests/bench-connect.sh [HOSTS=3] [RUNS=3]
#
# For each host, each tool runs a one-task playbook (`ping`) limited to that host, RUNS times; the
# median minus the median of the same run with an empty play (no task: no connection, but the same
# tool start, inventory and playbook loading) is the time to connect and run one module there. Modes:
#   direct  ssh straight to 10.77.0.x (fleet key, fleet known_hosts, no ControlPersist)
#   jump    the same, with ProxyJump h1 (-F the fleet's ssh_config) in ansible_ssh_common_args;
#           hidden1 (reachable only through h1) is measured in this mode only
# A last row runs all hosts at once (forks = HOSTS). A run that fails prints "fail"; a tool whose
# jump-mode connections do not come from h1 (checked first, on every host) prints "no jump". Logs of
# failures are kept in the work directory, named at the end. Needs root (the fleet) and a built checkout.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
hosts=${1:-3}
runs=${2:-3}

"$root/integration-tests/fleet.sh" up "$hosts" >/dev/null 2>&1
eval "$("$root/integration-tests/fleet.sh" env)"
work=$(mktemp -d /tmp/drover-bench-connect.XXXXXX)
keep_work=0
trap '[ $keep_work -eq 1 ] || rm -rf "$work"' EXIT

# ansible.cfg without ControlPersist: every run pays for its connections, as Drover's does.
cat >"$work/ansible.cfg" <<CFG
[defaults]
interpreter_python = /usr/bin/python3
forks = $((hosts > 5 ? hosts : 5))
[ssh_connection]
pipelining = True
ssh_args = -o ControlMaster=no -o BatchMode=yes -o UserKnownHostsFile=$DROVER_FLEET_KNOWN_HOSTS -o StrictHostKeyChecking=yes
CFG
export ANSIBLE_CONFIG=$work/ansible.cfg ANSIBLE_NOCOLOR=1
unset SSH_AUTH_SOCK ANSIBLE_SSH_ARGS ANSIBLE_SSH_COMMON_ARGS ANSIBLE_SSH_EXTRA_ARGS

inventory() { # mode -> inventory file
  local mode=$1 i f=$work/$1.ini
  {
    echo "[fleet]"
    for ((i = 1; i <= hosts; i++)); do echo "h$i ansible_host=10.77.0.$((10 + i))"; done
    [ "$mode" = jump ] && echo "hidden1 ansible_host=10.77.1.11"
    echo "[all:vars]"
    echo "ansible_user=drover"
    echo "ansible_ssh_private_key_file=$DROVER_FLEET_KEY"
    [ "$mode" = jump ] && echo "ansible_ssh_common_args='-F $DROVER_FLEET_SSH_CONFIG -o ProxyJump=h1'"
  } >"$f"
  echo "$f"
}
direct_inv=$(inventory direct)
jump_inv=$(inventory jump)
printf -- '- hosts: all\n  gather_facts: false\n  tasks:\n    - ping:\n' >"$work/ping.yml"
printf -- '- hosts: all\n  gather_facts: false\n  tasks: []\n' >"$work/empty.yml"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
failures=()
# run TOOL INVENTORY PLAYBOOK LIMIT -> milliseconds, or "fail"
run() {
  local tool=$1 inv=$2 book=$3 limit=$4 start end log
  log=$work/$tool-$(basename "$inv" .ini)-$(basename "$book" .yml)-$limit.log
  start=$(now_ms)
  if [ "$tool" = ansible ]; then
    ansible-playbook -i "$inv" "$book" --limit "$limit" >"$log" 2>&1 || true
  else
    "$root/bin/drover" playbook -i "$inv" "$book" --limit "$limit" >"$log" 2>&1 || true
  fi
  end=$(now_ms)
  if grep -q "PLAY RECAP" "$log" && ! grep -Eq "unreachable=[1-9]|failed=[1-9]" "$log" ||
      { [ "$book" = "$work/empty.yml" ] && grep -q "PLAY \[all\]" "$log"; }; then
    echo $((end - start))
  else
    echo fail
  fi
}
median() { # values (may contain "fail") -> median, or fail if any failed
  local v
  for v in "$@"; do [ "$v" = fail ] && { echo fail; return; }; done
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'
}
# measure TOOL INVENTORY BOOK LIMIT -> median of RUNS
measure() {
  local r vals=()
  for ((r = 1; r <= runs; r++)); do vals+=("$(run "$@")"); done
  median "${vals[@]}"
}
minus() { [ "$1" = fail ] || [ "$2" = fail ] && echo fail || echo $(($1 - $2)); }

"$root/bin/drover" --version >/dev/null   # build outside the timed runs

# A tool that ignores ProxyJump would connect directly and look fast: check first that in jump mode
# every host saw h1 (10.77.0.11, or 10.77.1.1 on hidden1's link) as the client.
cat >"$work/check-jump.yml" <<'YML'
- hosts: all
  gather_facts: false
  tasks:
    - shell: echo "$SSH_CONNECTION" | cut -d' ' -f1
      register: client
    - assert:
        that: client.stdout in ['10.77.0.11', '10.77.1.1']
YML
declare -A jumps
for tool in ansible drover; do
  if [ "$(run "$tool" "$jump_inv" "$work/check-jump.yml" all)" = fail ]; then
    jumps[$tool]=no
    failures+=("$tool: jump check")
  else
    jumps[$tool]=yes
  fi
done
declare -A base
for tool in ansible drover; do
  base[$tool]=$(measure "$tool" "$direct_inv" "$work/empty.yml" all)
done

printf 'Connection setup + one ping per host, ms (median of %d, minus the empty-play run: ansible %s ms, drover %s ms)\n' \
  "$runs" "${base[ansible]}" "${base[drover]}"
printf '%-10s %14s %14s %14s %14s\n' host "ansible direct" "drover direct" "ansible jump" "drover jump"
row() { # label limit with_direct
  local label=$1 limit=$2 cells=() tool mode inv t
  for mode in direct jump; do
    for tool in ansible drover; do
      if [ "$mode" = direct ] && [ "$3" = no ]; then cells+=("-"); continue; fi
      if [ "$mode" = jump ] && [ "${jumps[$tool]}" = no ]; then cells+=("no jump"); continue; fi
      inv=$direct_inv; [ "$mode" = jump ] && inv=$jump_inv
      t=$(measure "$tool" "$inv" "$work/ping.yml" "$limit")
      t=$(minus "$t" "${base[$tool]}")
      [ "$t" = fail ] && failures+=("$tool $mode $label")
      cells+=("$t")
    done
  done
  printf '%-10s %14s %14s %14s %14s\n' "$label" "${cells[@]}"
}
for ((i = 1; i <= hosts; i++)); do row "h$i" "h$i" yes; done
row hidden1 hidden1 no
row "all $hosts" fleet yes

if [ ${#failures[@]} -gt 0 ]; then
  keep_work=1
  echo "failed runs (logs in $work): ${failures[*]}" >&2
fi
