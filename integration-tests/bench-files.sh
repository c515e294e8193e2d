#!/usr/bin/env bash
# Side-by-side wall time of ansible-playbook and drover deploying files: TASKS copy tasks and TASKS template tasks
# on HOSTS fleet hosts, a first run (every file new) and a second run (nothing changes), repeated RUNS times.
#
#   integration-tests/bench-files.sh [HOSTS=10] [TASKS=10] [RUNS=3]
#
# Both tools use the same inventory and forks = HOSTS; ansible-core uses the fleet's tuned ansible.cfg (pipelining,
# ControlPersist). Each tool writes into its own per-host directory (/tmp/bench-files-<tool>), emptied before
# every first run. Needs root (the fleet) and a built checkout. If the fleet had another size before, it is put
# back to that size at the end.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
hosts=${1:-10}
tasks=${2:-10}
runs=${3:-3}

fleet="$root/integration-tests/fleet.sh"
before=$("$fleet" status 2>/dev/null | grep -c ' up ' || true)
"$fleet" up "$hosts" >/dev/null
eval "$("$fleet" env)"
work=$(mktemp -d /tmp/drover-bench-files.XXXXXX)
restore() {
  rm -rf "$work"
  if [ "${before:-0}" -gt 0 ] && [ "$before" != "$hosts" ]; then "$fleet" up "$before" >/dev/null; fi
}
trap restore EXIT

mkdir -p "$work/files" "$work/templates"
head -c 4096 /dev/urandom | base64 > "$work/files/payload.txt"
for i in $(seq 1 "$tasks"); do
  cat > "$work/templates/t$i.conf.j2" <<TPL
# {{ ansible_managed }}
[service_$i]
host = {{ inventory_hostname }}
address = {{ ansible_host }}
{% for g in group_names %}
group = {{ g }}
{% endfor %}
index = $i
TPL
done
{
  echo "- hosts: fleet"
  echo "  gather_facts: false"
  echo "  tasks:"
  echo "    - file: {path: \"{{ out }}\", state: directory}"
  for i in $(seq 1 "$tasks"); do
    if [ $((i % 2)) -eq 0 ]; then
      echo "    - copy: {src: payload.txt, dest: \"{{ out }}/copy$i.txt\", mode: \"0644\"}"
    else
      echo "    - copy: {content: \"file $i on {{ inventory_hostname }}\\n\", dest: \"{{ out }}/copy$i.txt\", mode: \"0640\"}"
    fi
  done
  for i in $(seq 1 "$tasks"); do
    echo "    - template: {src: t$i.conf.j2, dest: \"{{ out }}/t$i.conf\", mode: \"0644\"}"
  done
} > "$work/bench.yml"

now() { date +%s.%N; }
clean() { # tool
  local h
  for h in $(awk '/^\[fleet\]/{f=1;next} /^\[/{f=0} f&&NF{print $1}' "$DROVER_FLEET_INVENTORY"); do
    rm -rf "$(dirname "$DROVER_FLEET_INVENTORY")/hosts/$h/tmp/bench-files-$1"
  done
}
run() { # tool -> seconds
  local start end log=$work/$1.log
  start=$(now)
  if [ "$1" = ansible ]; then
    (cd "$work" && ansible-playbook -f "$hosts" -i "$DROVER_FLEET_INVENTORY" bench.yml -e "out=/tmp/bench-files-$1") > "$log" 2>&1
  else
    (cd "$work" && "$root/bin/drover" playbook -f "$hosts" -i "$DROVER_FLEET_INVENTORY" bench.yml -e "out=/tmp/bench-files-$1") > "$log" 2>&1
  fi
  end=$(now)
  grep -q "failed=0" "$log" || { echo "bench: $1 run failed:" >&2; cat "$log" >&2; exit 1; }
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

"$root/bin/drover" --version >/dev/null   # build outside the timed runs
a1=(); a2=(); d1=(); d2=()
for r in $(seq 1 "$runs"); do
  clean ansible; clean drover
  x=$(run ansible); a1+=("$x"); y=$(run ansible); a2+=("$y")
  u=$(run drover); d1+=("$u"); v=$(run drover); d2+=("$v")
  grep -q "changed=0 " "$work/drover.log" || { echo "bench: drover's second run changed something" >&2; cat "$work/drover.log" >&2; exit 1; }
  printf 'run %d: first  ansible-playbook %6.2f s   drover %6.2f s\n' "$r" "$x" "$u"
  printf 'run %d: second ansible-playbook %6.2f s   drover %6.2f s\n' "$r" "$y" "$v"
done
m() { printf '%s\n' "$@" | median; }
am1=$(m "${a1[@]}"); am2=$(m "${a2[@]}"); dm1=$(m "${d1[@]}"); dm2=$(m "${d2[@]}")
printf '%d copy + %d template tasks x %d hosts, median of %d:\n' "$tasks" "$tasks" "$hosts" "$runs"
printf '  first run:  ansible-playbook %.2f s, drover %.2f s, ratio %.1fx\n' "$am1" "$dm1" "$(awk -v a="$am1" -v d="$dm1" 'BEGIN {print a / d}')"
printf '  second run: ansible-playbook %.2f s, drover %.2f s, ratio %.1fx\n' "$am2" "$dm2" "$(awk -v a="$am2" -v d="$dm2" 'BEGIN {print a / d}')"
