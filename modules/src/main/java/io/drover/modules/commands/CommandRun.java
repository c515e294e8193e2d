package io.drover.modules.commands;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.Args;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What command and shell share: chdir, creates/removes, stdin, check mode and the result shape of Ansible's command
 * module.
 *
 * <p>Everything happens in ONE round trip. The script changes directory, evaluates creates/removes, takes the
 * start time, runs the program in a subshell ({@code ( exec "$@" )}, so a name like {@code echo} runs the real
 * program rather than a shell builtin, as Python's Popen would), takes the end time and appends a trailer to its
 * standard output: a per-run random marker followed by what happened ({@code ran}, {@code chdir}, {@code creates},
 * {@code removes}, {@code missing}, {@code would}) and its details, one per line. Everything before the marker is
 * the program's own output.
 *
 * <p>Times come from the target's {@code date} (two short processes per run), so {@code start}/{@code end} are the
 * target's local time and {@code delta} excludes the network, as in Ansible. Whether the program is missing is only
 * examined when it exited 126 or 127, so the usual path pays nothing for that check.
 */
final class CommandRun {

    private static final String DATE = "date '+%Y-%m-%d %H:%M:%S.%N'";
    private static final Pattern STAMP = Pattern.compile("(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)(?:\\.(\\d+))?");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Map<String, String> ERRNO = Map.of(
            "2", "No such file or directory", "13", "Permission denied", "20", "Not a directory");

    /** Validated inputs of one run. */
    record Request(Object cmd, List<String> words, boolean expandWords, String chdir, String creates, String removes,
                   byte[] stdin, boolean strip) {
    }

    private CommandRun() {
    }

    /** Reads chdir/creates/removes/stdin/strip_empty_ends from the arguments. */
    static Request request(Args args, Object cmd, List<String> words, boolean expandWords) {
        byte[] stdin = null;
        String in = args.str("stdin");
        if (in != null && !in.isEmpty()) {
            // Ansible only feeds stdin when it is non-empty, then adds the newline unless told not to.
            stdin = (args.bool("stdin_add_newline") ? in + "\n" : in).getBytes(StandardCharsets.UTF_8);
        }
        boolean strip = !Boolean.FALSE.equals(args.raw("strip_empty_ends"));
        return new Request(cmd, words, expandWords, blankToNull(args.str("chdir")), blankToNull(args.str("creates")),
                blankToNull(args.str("removes")), stdin, strip);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Ansible's result before anything happened; every exit of the module carries these keys. */
    static Map<String, Object> base(Object cmd) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("stdout", "");
        r.put("stderr", "");
        r.put("rc", null);
        r.put("cmd", cmd);
        r.put("start", null);
        r.put("end", null);
        r.put("delta", null);
        r.put("msg", "");
        return r;
    }

    /** A failure found before running, e.g. {@code no command given}. */
    static ModuleResult failure(Object cmd, Long rc, String msg) {
        Map<String, Object> r = base(cmd);
        r.put("rc", rc);
        r.put("msg", msg);
        r.put("failed", true);
        return ModuleResult.of(r);
    }

    static ModuleResult run(ModuleContext ctx, Request req) throws ConnectionException {
        boolean check = ctx.checkMode();
        if (check && req.creates() == null && req.removes() == null && req.chdir() == null) {
            return wouldRun(req.cmd(), true);
        }
        String marker = "__drover_" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "_";
        String script = script(req, marker, check);
        long t0 = System.nanoTime();
        LocalDateTime localStart = LocalDateTime.now();
        CommandResult r = ctx.exec(script, check ? null : req.stdin());
        long elapsed = System.nanoTime() - t0;
        int at = r.stdout().lastIndexOf(marker);
        if (at < 0) {
            // No trailer: the script was cut short. Report what the transport saw, timed on the controller.
            return ran(req, r.exitCode(), r.stdout(), r.stderr(), localStart, localStart.plusNanos(elapsed));
        }
        String body = r.stdout().substring(0, at);
        String tail = r.stdout().substring(at + marker.length());
        int nl = tail.indexOf('\n');
        String kind = nl < 0 ? tail : tail.substring(0, nl);
        String details = nl < 0 ? "" : tail.substring(nl + 1);
        String shoulda = check ? "Would" : "Did";
        Map<String, Object> result = base(req.cmd());
        String[] f = details.split("\n", 3);
        switch (kind) {
            case "ran" -> {
                LocalDateTime start = stamp(f[1], localStart);
                LocalDateTime end = stamp(f[2], start.plusNanos(elapsed));
                return ran(req, Integer.parseInt(f[0].strip()), body, r.stderr(), start, end);
            }
            case "would" -> {
                return wouldRun(req.cmd(), req.creates() == null && req.removes() == null);
            }
            case "chdir" -> {
                String[] errnoPath = details.split("\n", 2);
                result.put("failed", true);
                result.put("msg", "Unable to change directory before execution: "
                        + errno(errnoPath[0], errnoPath.length > 1 ? errnoPath[1] : req.chdir()));
            }
            case "creates" -> {
                String path = details;
                result.put("rc", 0L);
                result.put("stdout", "skipped, since " + path + " exists");
                result.put("msg", shoulda + " not run command since '" + path + "' exists");
            }
            case "removes" -> {
                String path = details;
                result.put("rc", 0L);
                result.put("stdout", "skipped, since " + path + " does not exist");
                result.put("msg", shoulda + " not run command since '" + path + "' does not exist");
            }
            case "missing" -> {
                // Popen raised OSError: Ansible fails with errno and the expanded command line, nothing else.
                String[] errnoArgv = details.split("\n", 2);
                List<String> argv = nulSeparated(errnoArgv.length > 1 ? errnoArgv[1] : "");
                String argv0 = argv.isEmpty() ? "" : argv.get(0);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("changed", false);
                m.put("cmd", String.join(" ", argv.stream().map(ShellText::quote).toList()));
                m.put("failed", true);
                m.put("msg", errno(errnoArgv[0], argv0));
                m.put("rc", Long.parseLong(errnoArgv[0].strip()));
                m.put("stderr", "");
                m.put("stdout", "");
                return ModuleResult.of(m);
            }
            default -> throw new IllegalStateException("unknown command trailer: " + kind);
        }
        return ModuleResult.of(result);
    }

    /** The script for one run; see the class comment for its protocol. */
    static String script(Request req, String marker, boolean check) {
        StringBuilder s = new StringBuilder();
        s.append("_dvm=").append(ShellText.quote(marker)).append('\n');
        if (req.chdir() != null) {
            s.append("_dvp=").append(ShellText.expandingWord(req.chdir())).append('\n')
                    .append("cd -- \"$_dvp\" 2>/dev/null || { if [ ! -e \"$_dvp\" ]; then _dvx=2; ")
                    .append("elif [ ! -d \"$_dvp\" ]; then _dvx=20; else _dvx=13; fi; ")
                    .append("printf '%schdir\\n%s\\n%s' \"$_dvm\" \"$_dvx\" \"$_dvp\"; exit 0; }\n");
        }
        if (req.creates() != null) {
            s.append("_dvc=").append(ShellText.expandingWord(req.creates())).append('\n').append(globExists("_dvc"))
                    .append("[ -z \"$_dvf\" ] || { printf '%screates\\n%s' \"$_dvm\" \"$_dvc\"; exit 0; }\n");
        }
        if (req.removes() != null) {
            s.append("_dvr=").append(ShellText.expandingWord(req.removes())).append('\n').append(globExists("_dvr"))
                    .append("[ -n \"$_dvf\" ] || { printf '%sremoves\\n%s' \"$_dvm\" \"$_dvr\"; exit 0; }\n");
        }
        if (check) {
            return s.append("printf '%swould' \"$_dvm\"\n").toString();
        }
        s.append("set --");
        for (String w : req.words()) {
            s.append(' ').append(req.expandWords() ? ShellText.expandingWord(w) : ShellText.quote(w));
        }
        s.append('\n')
                .append("_dvs=$(").append(DATE).append(")\n")
                .append("( exec \"$@\" )\n")
                .append("_dvx=$?\n")
                .append("_dve=$(").append(DATE).append(")\n")
                // Exit 126/127 may be the program's own; only a failed lookup like execvp's means "not run".
                .append("case $_dvx in 126|127) _dvn=2\n")
                .append("  case $1 in\n")
                .append("    */*) if [ -d \"$1\" ] || { [ -e \"$1\" ] && [ ! -x \"$1\" ]; }; then _dvn=13; ")
                .append("elif [ -e \"$1\" ]; then _dvn=0; fi;;\n")
                .append("    *) _dvq=$PATH; while :; do _dvd=${_dvq%%:*}; if [ -f \"${_dvd:-.}/$1\" ]; then ")
                .append("if [ -x \"${_dvd:-.}/$1\" ]; then _dvn=0; break; fi; _dvn=13; fi; ")
                .append("[ \"$_dvq\" = \"$_dvd\" ] && break; _dvq=${_dvq#*:}; done;;\n")
                .append("  esac\n")
                .append("  [ \"$_dvn\" = 0 ] || { printf '%smissing\\n%s\\n' \"$_dvm\" \"$_dvn\"; ")
                .append("printf '%s\\0' \"$@\"; exit 0; };;\n")
                .append("esac\n")
                .append("printf '%sran\\n%s\\n%s\\n%s' \"$_dvm\" \"$_dvx\" \"$_dvs\" \"$_dve\"\n");
        return s.toString();
    }

    /**
     * Sets {@code _dvf} when the glob in variable {@code var} matches (Python's glob.glob: hidden files need a
     * leading dot, dangling links count). IFS is emptied so the value is globbed but never split.
     */
    private static String globExists(String var) {
        return "_dvf=; IFS=; for _dvg in $" + var + "; do if [ -e \"$_dvg\" ] || [ -L \"$_dvg\" ]; then _dvf=1; "
                + "break; fi; done; unset IFS\n";
    }

    private static ModuleResult ran(Request req, int rc, String stdout, String stderr, LocalDateTime start,
                                    LocalDateTime end) {
        Map<String, Object> r = base(req.cmd());
        r.put("changed", true);
        r.put("stdout", req.strip() ? stripEnds(stdout) : stdout);
        r.put("stderr", req.strip() ? stripEnds(stderr) : stderr);
        r.put("rc", (long) rc);
        r.put("start", pyDateTime(start));
        r.put("end", pyDateTime(end));
        r.put("delta", pyTimedelta(Duration.between(start, end)));
        if (rc != 0) {
            r.put("msg", "non-zero return code");
            r.put("failed", true);
        }
        return ModuleResult.of(r);
    }

    private static ModuleResult wouldRun(Object cmd, boolean skipped) {
        Map<String, Object> r = base(cmd);
        r.put("rc", 0L);
        r.put("msg", "Command would have run if not in check mode");
        if (skipped) {
            r.put("skipped", true);
        } else {
            r.put("changed", true);
        }
        return ModuleResult.of(r);
    }

    private static String errno(String code, String path) {
        String c = code.strip();
        return "[Errno " + c + "] " + ERRNO.getOrDefault(c, "Error") + ": " + ShellText.pyBytesRepr(path);
    }

    private static List<String> nulSeparated(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = text.indexOf('\0'); i >= 0; i = text.indexOf('\0', from)) {
            out.add(text.substring(from, i));
            from = i + 1;
        }
        return out;
    }

    /** Parses the target's {@code date} output; {@code fallback} when it is not a time (odd date). */
    static LocalDateTime stamp(String text, LocalDateTime fallback) {
        Matcher m = STAMP.matcher(text.strip());
        if (!m.lookingAt()) {
            return fallback;
        }
        LocalDateTime t = LocalDateTime.parse(m.group(1), SECONDS);
        if (m.group(2) != null) {
            String frac = (m.group(2) + "000000000").substring(0, 9);
            t = t.withNano(Integer.parseInt(frac) / 1000 * 1000);
        }
        return t;
    }

    /** Python's str(datetime): microseconds shown only when non-zero. */
    static String pyDateTime(LocalDateTime t) {
        int micros = t.getNano() / 1000;
        return SECONDS.format(t) + (micros == 0 ? "" : String.format(".%06d", micros));
    }

    /** Python's str(timedelta), e.g. {@code 0:00:00.004441}, {@code 1 day, 2:03:04}, {@code -1 day, 23:59:59.5}. */
    static String pyTimedelta(Duration d) {
        long total = d.toNanos() / 1000;
        long perDay = 86_400_000_000L;
        long days = Math.floorDiv(total, perDay);
        long rest = Math.floorMod(total, perDay);
        long secs = rest / 1_000_000;
        long micros = rest % 1_000_000;
        String hms = String.format("%d:%02d:%02d", secs / 3600, (secs / 60) % 60, secs % 60)
                + (micros == 0 ? "" : String.format(".%06d", micros));
        return days == 0 ? hms : days + (Math.abs(days) == 1 ? " day, " : " days, ") + hms;
    }

    /** Python's rstrip("\r\n"). */
    static String stripEnds(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
