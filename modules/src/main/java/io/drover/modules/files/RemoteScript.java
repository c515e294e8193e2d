package io.drover.modules.files;

import io.drover.modules.commands.ShellText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A POSIX sh script run in one round trip whose output is split into named sections. Each section starts with a
 * line {@code <marker><name>}, where the marker is random per script so that file contents or command output
 * cannot fake one. A section that dumps raw file content must come last; it runs to the end of the output.
 *
 * <p>The script defines the shell function {@code _dvst PATH FOLLOW DIGEST}, the "what is at this path" fact:
 * one {@code stat -c} (GNU coreutils and busybox understand the same format) plus {@code readlink} for links,
 * {@code test -r/-w/-x} for access and {@code <digest>sum} (or {@code openssl dgst}) for a regular file's
 * checksum. {@link PathState#parse} reads its lines.
 */
public final class RemoteScript {

    /** The fact function; see the class comment. {@code $2} = 1 follows symlinks, {@code $3} = digest or empty. */
    static final String STAT_FUNCTION = """
            _dvst() {
              if [ "$2" = 1 ]; then _dvl=-L; [ -e "$1" ] || { echo A; return 0; }
              else _dvl=; [ -e "$1" ] || [ -L "$1" ] || { echo A; return 0; }; fi
              _dvo=$(LC_ALL=C stat $_dvl -c '%f|%u|%g|%U|%G|%s|%h|%i|%d|%b|%o|%t|%T|%y|%x|%z' "$1" 2>&1) \\
                || { printf 'E %s\\n' "$_dvo"; return 0; }
              printf 'S %s\\n' "$_dvo"
              if [ -z "$_dvl" ] && [ -L "$1" ]; then
                printf 'L %s\\n' "$(readlink "$1")"
                printf 'R %s\\n' "$(readlink -f "$1" 2>/dev/null || readlink -m "$1")"
              fi
              _dva=; [ -r "$1" ] && _dva=r; [ -w "$1" ] && _dva=${_dva}w; [ -x "$1" ] && _dva=${_dva}x
              printf 'P %s\\n' "$_dva"
              if [ -n "$3" ] && [ -f "$1" ] && [ -r "$1" ] && { [ -n "$_dvl" ] || [ ! -L "$1" ]; }; then
                _dvh=$( { "$3"sum < "$1" || openssl dgst -"$3" -r < "$1"; } 2>/dev/null) && printf 'C %s\\n' "${_dvh%% *}"
              fi
              return 0
            }
            """;

    private final String marker;
    private final StringBuilder body = new StringBuilder();

    public RemoteScript() {
        this.marker = "__drover_" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "_";
        body.append("_dvm=").append(ShellText.quote(marker)).append('\n').append(STAT_FUNCTION);
    }

    /** Appends shell text (a full line or more); the caller quotes values. */
    public RemoteScript line(String shell) {
        body.append(shell).append('\n');
        return this;
    }

    /** Starts section {@code name} in the output. */
    public RemoteScript section(String name) {
        return line("printf '%s%s\\n' \"$_dvm\" " + ShellText.quote(name));
    }

    /** Shell text printing section {@code name} as part of a larger command (e.g. in an {@code if}). */
    public static String sectionCommand(String name) {
        return "printf '%s%s\\n' \"$_dvm\" " + ShellText.quote(name);
    }

    /** Section {@code name} holding the state of the path in shell variable/expression {@code pathExpr}. */
    public RemoteScript stat(String name, String pathExpr, boolean follow, String digest) {
        section(name);
        return line("_dvst " + pathExpr + " " + (follow ? "1" : "0") + " " + (digest == null ? "''" : digest));
    }

    public String text() {
        return body.toString();
    }

    /** Splits output into sections by name, in order; text before the first section is dropped. */
    public Map<String, String> sections(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        int at = output.indexOf(marker);
        while (at >= 0) {
            int nl = output.indexOf('\n', at);
            if (nl < 0) {
                out.put(output.substring(at + marker.length()), "");
                break;
            }
            String name = output.substring(at + marker.length(), nl);
            int next = name.equals("content") ? -1 : output.indexOf("\n" + marker, nl);
            String text = next < 0 ? output.substring(nl + 1) : output.substring(nl + 1, next + 1);
            out.put(name, text);
            at = next < 0 ? -1 : next + 1;
        }
        return out;
    }
}
