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

/**
 * What command and shell share: chdir, creates/removes, stdin, and the result shape of Ansible's command module.
 * Everything happens in ONE round trip: the checks run in the same shell that then {@code exec}s the command; when a
 * check stops it, the script prints a marker line instead and exits 0.
 */
final class CommandRun {

    /** Starts the output of a preflight outcome; a real command will not print this control sequence. */
    static final String MARKER = "\u001edrover:";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private CommandRun() {
    }

    /**
     * Runs {@code execLine} (shell text that execs the command) after the chdir/creates/removes checks.
     *
     * @param cmd the {@code cmd} value reported back (argv list for command, the string for shell)
     */
    static ModuleResult run(ModuleContext ctx, Args args, Object cmd, String execLine) throws ConnectionException {
        String chdir = args.str("chdir");
        String creates = args.str("creates");
        String removes = args.str("removes");
        boolean check = ctx.checkMode();
        StringBuilder script = new StringBuilder();
        if (chdir != null) {
            script.append("cd ").append(ShellText.quote(chdir)).append(" 2>/dev/null || { printf '%s' ")
                    .append(ShellText.quote(MARKER + "chdir")).append("; exit 0; }\n");
        }
        if (creates != null) {
            script.append("for f in ").append(ShellText.glob(creates))
                    .append("; do if [ -e \"$f\" ] || [ -L \"$f\" ]; then printf '%s' ")
                    .append(ShellText.quote(MARKER + "creates")).append("; exit 0; fi; done\n");
        }
        if (removes != null) {
            script.append("found=; for f in ").append(ShellText.glob(removes))
                    .append("; do if [ -e \"$f\" ] || [ -L \"$f\" ]; then found=1; fi; done; [ -n \"$found\" ] || { printf '%s' ")
                    .append(ShellText.quote(MARKER + "removes")).append("; exit 0; }\n");
        }
        if (check) {
            if (creates == null && removes == null) {
                return wouldRun(cmd, true);
            }
            script.append("printf '%s' ").append(ShellText.quote(MARKER + "would-run")).append('\n');
        } else {
            script.append(execLine);
        }
        byte[] stdin = null;
        if (args.has("stdin")) {
            String in = args.str("stdin");
            if (args.bool("stdin_add_newline")) {
                in = in + "\n";
            }
            stdin = in.getBytes(StandardCharsets.UTF_8);
        }
        LocalDateTime start = LocalDateTime.now();
        long t0 = System.nanoTime();
        CommandResult r = ctx.exec(script.toString(), stdin);
        long t1 = System.nanoTime();
        LocalDateTime end = start.plusNanos(t1 - t0);
        if (r.exitCode() == 0 && r.stdout().startsWith(MARKER)) {
            return preflight(r.stdout().substring(MARKER.length()).strip(), cmd, chdir, creates, removes, check);
        }
        boolean strip = args.bool("strip_empty_ends");
        String stdout = strip ? stripEnds(r.stdout()) : r.stdout();
        String stderr = strip ? stripEnds(r.stderr()) : r.stderr();
        ModuleResult.Builder b = ModuleResult.builder().changed(true)
                .put("cmd", cmd)
                .put("rc", (long) r.exitCode())
                .put("stdout", stdout)
                .put("stderr", stderr)
                .put("start", TIME.format(start))
                .put("end", TIME.format(end))
                .put("delta", delta(Duration.ofNanos(t1 - t0)))
                .put("msg", "");
        if (r.exitCode() != 0) {
            b.failed("non-zero return code");
        }
        return b.build();
    }

    private static ModuleResult wouldRun(Object cmd, boolean skipped) {
        ModuleResult.Builder b = ModuleResult.builder().put("cmd", cmd).put("rc", 0L).put("stdout", "")
                .put("stderr", "").put("start", null).put("end", null).put("delta", null)
                .msg("Command would have run if not in check mode");
        if (skipped) {
            b.put("skipped", true).changed(false);
        } else {
            b.changed(true);
        }
        return b.build();
    }

    private static ModuleResult preflight(String what, Object cmd, String chdir, String creates, String removes,
                                          boolean check) {
        String shoulda = check ? "Would" : "Did";
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("cmd", cmd);
        r.put("rc", 0L);
        r.put("stdout", "");
        r.put("stderr", "");
        r.put("start", null);
        r.put("end", null);
        r.put("delta", null);
        switch (what) {
            case "missing" -> {
                Object argv0 = cmd instanceof List<?> l && !l.isEmpty() ? l.get(0) : cmd;
                r.put("rc", 2L);
                r.put("failed", true);
                r.put("msg", "[Errno 2] No such file or directory: b'" + argv0 + "'");
            }
            case "chdir" -> {
                r.put("rc", null);
                r.put("failed", true);
                r.put("msg", "Unable to change directory before execution: [Errno 2] No such file or directory: b'"
                        + chdir + "'");
            }
            case "creates" -> {
                r.put("msg", shoulda + " not run command since '" + creates + "' exists");
                r.put("stdout", "skipped, since " + creates + " exists");
            }
            case "removes" -> {
                r.put("msg", shoulda + " not run command since '" + removes + "' does not exist");
                r.put("stdout", "skipped, since " + removes + " does not exist");
            }
            default -> {
                return wouldRun(cmd, false);
            }
        }
        return ModuleResult.of(r);
    }

    /** Python's str(timedelta): H:MM:SS.ffffff. */
    static String delta(Duration d) {
        long micros = d.toNanos() / 1000;
        long secs = micros / 1_000_000;
        return String.format("%d:%02d:%02d.%06d", secs / 3600, (secs / 60) % 60, secs % 60, micros % 1_000_000);
    }

    static String stripEnds(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    static List<String> words(List<?> argv) {
        List<String> out = new ArrayList<>();
        for (Object o : argv) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
