# Sourced by bin/drover and bin/ensure-prereqs: finds a JDK whose major version is >= 21.
# The default `java` on Debian 12 is 17, so PATH is never trusted; candidates are JAVA_HOME and
# /usr/lib/jvm/*, judged by the JAVA_VERSION line of their `release` file (no JVM start needed).

DROVER_MIN_JAVA=21

# Prints the major version of the JDK at $1 (e.g. 25), or nothing if it is not a JDK.
drover_jdk_major() {
  local home=$1 line ver
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] && [ -r "$home/release" ] || return 1
  line=$(grep -m1 '^JAVA_VERSION=' "$home/release") || return 1
  ver=${line#JAVA_VERSION=}; ver=${ver//\"/}
  case $ver in 1.*) ver=${ver#1.} ;; esac   # 1.8.0_x -> 8
  ver=${ver%%[!0-9]*}
  [ -n "$ver" ] && printf '%s\n' "$ver"
}

# Prints the JAVA_HOME to use: $JAVA_HOME if it is >= 21, else the highest >= 21 under /usr/lib/jvm.
drover_find_jdk() {
  local major best="" best_major=0 dir
  if [ -n "${JAVA_HOME:-}" ] && major=$(drover_jdk_major "$JAVA_HOME") && [ "$major" -ge "$DROVER_MIN_JAVA" ]; then
    printf '%s\n' "$JAVA_HOME"; return 0
  fi
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [ -L "$dir" ] && continue            # Debian's java-1.x aliases point at a dir we also scan
    major=$(drover_jdk_major "$dir") || continue
    if [ "$major" -ge "$DROVER_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
      best=$dir; best_major=$major
    fi
  done
  [ -n "$best" ] && printf '%s\n' "$best"
}

drover_no_jdk_message() {
  cat >&2 <<MSG
drover: no JDK >= $DROVER_MIN_JAVA found (checked JAVA_HOME and /usr/lib/jvm/*/release).
Debian 12 only packages OpenJDK 17. Install a JDK 21 or newer, for example Eclipse Temurin
(https://adoptium.net/installation/linux/: apt-get install temurin-21-jdk after adding the
Adoptium apt repository), or point JAVA_HOME at one.
MSG
}
