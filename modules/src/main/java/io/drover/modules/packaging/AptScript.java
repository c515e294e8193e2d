package io.drover.modules.packaging;

import io.drover.modules.commands.ShellText;
import io.drover.modules.files.RemoteScript;
import io.drover.text.Shlex;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One round trip's shell script for the apt module, built on {@link RemoteScript}'s sections. Every script starts
 * with the environment Ansible's apt module gives its commands (non-interactive debconf, the best parsable
 * locale) and two helpers: {@code _dvrun NAME CMD...} runs a command and reports its exit code, stdout and stderr
 * as sections {@code NAME.rc}, {@code NAME.out}, {@code NAME.err} (read back with {@link #run}); {@code _dvstamp}
 * prints the apt lists' age stamp Ansible reads (the success stamp apt-get update touches, else the lists dir).
 */
final class AptScript {

    static final String SUCCESS_STAMP = "/var/lib/apt/periodic/update-success-stamp";
    static final String LISTS = "/var/lib/apt/lists";

    private static final String PRELUDE = """
            _dvloc=C
            _dvall=$(locale -a 2>/dev/null)
            for _dvc in C.utf8 C.UTF-8 en_US.utf8 C POSIX; do
              if printf '%s\\n' "$_dvall" | grep -qx "$_dvc"; then _dvloc=$_dvc; break; fi
            done
            export DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical LANG=$_dvloc LC_ALL=$_dvloc \\
              LC_MESSAGES=$_dvloc LC_CTYPE=$_dvloc
            _dvtmp=$(mktemp -d) || exit 1
            trap 'rm -rf "$_dvtmp"' EXIT
            _dvsec() { printf '%s%s\\n' "$_dvm" "$1"; }
            _dvrun() {
              _dvn=$1; shift
              "$@" >"$_dvtmp/o" 2>"$_dvtmp/e"; _dvr=$?
              _dvsec "$_dvn.rc"; echo "$_dvr"
              _dvsec "$_dvn.out"; cat "$_dvtmp/o"; echo
              _dvsec "$_dvn.err"; cat "$_dvtmp/e"; echo
              _dverr=; [ -s "$_dvtmp/e" ] && _dverr=1
              return "$_dvr"
            }
            _dvstamp() {
              if [ -e STAMP ]; then stat -c %Y STAMP
              elif [ -e LISTS ]; then stat -c %Y LISTS
              else echo 0; fi
            }
            """.replace("STAMP", SUCCESS_STAMP).replace("LISTS", LISTS);

    /** A command's outcome as Ansible's run_command reports it. */
    record Run(int rc, String out, String err) {
    }

    private final RemoteScript script = new RemoteScript();

    AptScript() {
        script.line(PRELUDE);
    }

    /** Appends shell text; the caller quotes values. */
    AptScript line(String shell) {
        script.line(shell);
        return this;
    }

    AptScript section(String name) {
        script.section(name);
        return this;
    }

    /** Shell text running argv as {@code _dvrun name ...}; its exit status is the command's. */
    static String runCommand(String name, List<String> argv) {
        return "_dvrun " + ShellText.quote(name) + " " + quoteAll(argv);
    }

    /** Shell text running an Ansible-style command line (split like Python's shlex, as run_command does). */
    static String runCommand(String name, String ansibleCommandLine) {
        return runCommand(name, Shlex.split(ansibleCommandLine));
    }

    static String quoteAll(List<String> words) {
        return words.stream().map(ShellText::quote).collect(Collectors.joining(" "));
    }

    String text() {
        return script.text();
    }

    Map<String, String> sections(String output) {
        return script.sections(output);
    }

    /** The outcome of {@code _dvrun name}, or null when the script did not get that far. */
    static Run run(Map<String, String> sections, String name) {
        String rc = sections.get(name + ".rc");
        if (rc == null) {
            return null;
        }
        return new Run(Integer.parseInt(rc.strip()), dropLastNewline(sections.getOrDefault(name + ".out", "\n")),
                dropLastNewline(sections.getOrDefault(name + ".err", "\n")));
    }

    private static String dropLastNewline(String s) {
        // _dvrun ends each captured stream with one newline of its own so that the next marker starts a line.
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
