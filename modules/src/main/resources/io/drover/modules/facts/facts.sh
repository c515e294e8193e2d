# Prints facts as key=value lines; sections of multi-line data follow "@@name" markers. POSIX sh only.
LC_ALL=C; export LC_ALL
echo "hostname=$(hostname 2>/dev/null || uname -n)"
echo "fqdn=$(hostname -f 2>/dev/null || hostname 2>/dev/null || uname -n)"
echo "nodename=$(uname -n)"
echo "system=$(uname -s)"
echo "kernel=$(uname -r)"
echo "kernel_version=$(uname -v)"
echo "architecture=$(uname -m)"
echo "user_id=$(id -un)"
echo "user_uid=$(id -u)"
echo "user_gid=$(id -g)"
echo "user_dir=$HOME"
echo "user_shell=$(getent passwd "$(id -un)" 2>/dev/null | cut -d: -f7)"
echo "nproc=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
if [ -r /proc/cpuinfo ]; then
  echo "cpu_sockets=$(grep '^physical id' /proc/cpuinfo | sort -u | wc -l)"
  echo "cpu_cores=$(grep -m1 '^cpu cores' /proc/cpuinfo | cut -d: -f2)"
  echo "cpu_model=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2-)"
fi
if [ -r /proc/meminfo ]; then
  awk '/^MemTotal:/{print "memtotal_kb=" $2} /^MemFree:/{print "memfree_kb=" $2} /^SwapTotal:/{print "swaptotal_kb=" $2} /^SwapFree:/{print "swapfree_kb=" $2}' /proc/meminfo
fi
for p in apt-get dnf yum zypper apk pacman; do
  if command -v "$p" >/dev/null 2>&1; then echo "pkg_mgr_bin=$p"; break; fi
done
if [ -d /run/systemd/system ]; then echo "service_mgr=systemd"; else echo "init_comm=$(cat /proc/1/comm 2>/dev/null)"; fi
for py in python3 /usr/bin/python3 python; do
  if command -v "$py" >/dev/null 2>&1; then
    echo "python_executable=$(command -v "$py")"
    echo "python_version=$("$py" -c 'import sys; print(".".join(map(str, sys.version_info[:3])))' 2>/dev/null)"
    break
  fi
done
echo "date=$(date '+%Y|%m|%d|%H|%M|%S|%s|%Z|%z|%A|%w|%U|%u|%N')"
echo "utc=$(date -u '+%Y-%m-%dT%H:%M:%SZ|%Y%m%dT%H%M%S|%N')"
if command -v ip >/dev/null 2>&1; then
  echo "@@route"
  ip -4 route show default 2>/dev/null | head -1
  echo "@@addr"
  ip -4 -o addr show 2>/dev/null
fi
if [ -r /etc/os-release ]; then
  echo "@@os-release"
  cat /etc/os-release
fi
echo "@@env"
env
