#!/usr/bin/env bash
# Side-by-side wall time of ansible-playbook and drover on the same fleet hosts.
#
#   integration-tests/bench.sh [HOSTS=10] [TASKS=20] [RUNS=3]
#
# Generates a playbook of TASKS trivial command tasks, runs it RUNS times with each tool (alternating, forks =
# HOSTS for both, ansible-core with the fleet's tuned ansible.cfg: pipelining, ControlPersist) and prints each run,
# the medians and the ratio ansible/drover. Needs root (the fleet) and a built checkout (bin/drover builds if needed).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
hosts=${1:-10}
tasks=${2:-20}
runs=${3:-3}

"$root/integration-tests/fleet.sh" up "$hosts" >/dev/null
eval "$("$root/integration-tests/fleet.sh" env)"
work=$(mktemp -d /tmp/drover-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

{
  echo "- hosts: fleet"
  echo "  gather_facts: false"
  echo "  tasks:"
  for i in $(seq 1 "$tasks"); do
    echo "    - name: task $i"
    echo "      command: /bin/true"
  done
} > "$work/bench.yml"

now() { date +%s.%N; }
run() { # tool -> seconds
  local start end
  start=$(now)
  if [ "$1" = ansible ]; then
    ansible-playbook -f "$hosts" -i "$DROVER_FLEET_INVENTORY" "$work/bench.yml" > "$work/$1.log" 2>&1
  else
    "$root/bin/drover" playbook -f "$hosts" -i "$DROVER_FLEET_INVENTORY" "$work/bench.yml" > "$work/$1.log" 2>&1
  fi
  end=$(now)
  grep -q "failed=0" "$work/$1.log" || { echo "bench: $1 run failed:" >&2; cat "$work/$1.log" >&2; exit 1; }
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

"$root/bin/drover" --version >/dev/null   # build outside the timed runs
a_times=(); d_times=()
for r in $(seq 1 "$runs"); do
  a=$(run ansible); d=$(run drover)
  a_times+=("$a"); d_times+=("$d")
  printf 'run %d: ansible-playbook %6.2f s   drover %6.2f s\n' "$r" "$a" "$d"
done
am=$(printf '%s\n' "${a_times[@]}" | median)
dm=$(printf '%s\n' "${d_times[@]}" | median)
printf '%d tasks x %d hosts, median of %d: ansible-playbook %.2f s, drover %.2f s, ratio %.1fx\n' \
  "$tasks" "$hosts" "$runs" "$am" "$dm" "$(awk -v a="$am" -v d="$dm" 'BEGIN {print a / d}')"
