package io.drover.cli.output;

import io.drover.api.Events;
import io.drover.api.Events.HostResult;
import io.drover.api.Events.HostStats;
import io.drover.api.Events.Status;
import io.drover.api.RunListener;
import io.drover.template.PyJson;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ansible-playbook's default stdout callback: banners padded with stars to 80 columns, one line per host result,
 * JSON with sorted keys, PLAY RECAP. Warnings and errors go to stderr. Colour only on a terminal.
 */
public final class DefaultPrinter implements RunListener {

    private static final Set<String> DEBUG_KEYS = Set.of("msg", "exception", "warnings", "deprecations");

    private final PrintStream out;
    private final PrintStream err;
    private final int verbosity;
    private final boolean color;

    public DefaultPrinter(PrintStream out, PrintStream err, int verbosity, boolean color) {
        this.out = out;
        this.err = err;
        this.verbosity = verbosity;
        this.color = color;
    }

    /** {@code TEXT ****} to 80 columns, preceded by a blank line. */
    public static String banner(String text) {
        return "\n" + text + " " + "*".repeat(Math.max(3, 79 - text.length()));
    }

    @Override
    public synchronized void playStarted(Events.PlayStarted event) {
        out.println(banner(event.name().isEmpty() ? "PLAY" : "PLAY [" + event.name() + "]"));
    }

    @Override
    public synchronized void noHostsMatched(Events.PlayStarted event) {
        out.println(paint("skipping: no hosts matched", Colour.SKIP));
    }

    @Override
    public synchronized void taskStarted(Events.TaskStarted event) {
        out.println(banner((event.handler() ? "RUNNING HANDLER [" : "TASK [") + event.name() + "]"));
    }

    @Override
    public synchronized void included(Events.Included event) {
        out.println(paint("included: " + event.file() + " for " + String.join(", ", event.hosts())
                + (event.itemLabel() == null ? "" : " => (item=" + event.itemLabel() + ")"), Colour.SKIP));
    }

    @Override
    public synchronized void noMoreHosts() {
        out.println(banner("NO MORE HOSTS LEFT"));
    }

    @Override
    public synchronized void warning(String message) {
        err.println(paint("[WARNING]: " + message, Colour.WARN));
    }

    @Override
    public synchronized void hostResult(HostResult r) {
        String host = r.delegatedTo() == null ? r.host() : r.host() + " -> " + r.delegatedTo();
        if (r.loopSummary()) {
            if (r.status() == Status.SKIPPED) {
                out.println(paint("skipping: [" + host + "]", Colour.SKIP));
            }
            if (r.ignored()) {
                out.println(paint("...ignoring", Colour.SKIP));
            }
            return;
        }
        String item = r.itemLabel() == null ? "" : " => (item=" + r.itemLabel() + ")";
        switch (r.status()) {
            case OK, CHANGED -> {
                printDiff(r);
                printWarnings(r);
                String word = r.status() == Status.CHANGED ? "changed" : "ok";
                String line = word + ": [" + host + "]" + item;
                if (alwaysShown(r) || verbosity > 0) {
                    line += " => " + json(r, alwaysShown(r));
                }
                out.println(paint(line, r.status() == Status.CHANGED ? Colour.CHANGED : Colour.OK));
            }
            case SKIPPED -> {
                String line = "skipping: [" + host + "]" + item + (r.itemLabel() != null ? " " : "");
                if (verbosity > 0) {
                    line = line.stripTrailing() + " => " + json(r, false);
                }
                out.println(paint(line, Colour.SKIP));
            }
            case FAILED -> {
                printException(r);
                printWarnings(r);
                String line = r.itemLabel() != null
                        ? "failed: [" + host + "] (item=" + r.itemLabel() + ") => " + json(r, alwaysShown(r))
                        : "fatal: [" + host + "]: FAILED! => " + json(r, alwaysShown(r));
                out.println(paint(line, Colour.ERROR));
                if (r.ignored()) {
                    out.println(paint("...ignoring", Colour.SKIP));
                }
            }
            case UNREACHABLE -> out.println(paint("fatal: [" + host + "]: UNREACHABLE! => " + json(r, false), Colour.UNREACHABLE));
        }
    }

    /**
     * A changed result's {@code diff} as ansible-playbook shows it under {@code --diff}, just before the status line.
     * Modules only return a diff in diff mode ({@code -D} or the task's {@code diff:} keyword).
     */
    private void printDiff(HostResult r) {
        Object diff = r.result().get("diff");
        if (r.status() != Status.CHANGED || diff == null || diff instanceof Map<?, ?> m && m.isEmpty()
                || diff instanceof List<?> l && l.isEmpty()) {
            return;
        }
        String text = UnifiedDiff.render(diff, 3);
        if (text.isEmpty()) {
            return;
        }
        out.print(text.endsWith("\n") ? text : text + "\n");
    }

    /** A result's {@code warnings}, shown as warnings before its status line (and left out of its JSON). */
    private void printWarnings(HostResult r) {
        if (r.result().get("warnings") instanceof List<?> warnings) {
            for (Object w : warnings) {
                warning(String.valueOf(w));
            }
        }
    }

    /** A module crash as ansible-playbook reports it: the error's last line, or the whole traceback from -vvv. */
    private void printException(HostResult r) {
        Object exception = r.result().get("exception");
        if (exception == null) {
            return;
        }
        String text = String.valueOf(exception);
        String[] lines = text.strip().split("\n");
        String msg = verbosity < 3
                ? "An exception occurred during task execution. To see the full traceback, use -vvv. The error was: "
                        + lines[lines.length - 1]
                : "The full traceback is:\n" + text;
        out.println(paint(msg, Colour.ERROR));
    }

    /** Results the module asks to show even without -v (debug, assert), as {@code _ansible_verbose_always}. */
    private static boolean alwaysShown(HostResult r) {
        return r.verbose() || Boolean.TRUE.equals(r.result().get("_ansible_verbose_always"));
    }

    private String json(HostResult r, boolean indented) {
        Map<String, Object> shown = new LinkedHashMap<>();
        r.result().forEach((k, v) -> {
            // ansible-playbook's output never shows "failed" (the line says it) nor internal keys.
            if (!k.startsWith("_ansible_") && !k.equals("failed") && !k.equals("skipped")
                    && (verbosity >= 3 || !(k.equals("invocation") || k.equals("diff")))
                    && !k.equals("exception") && !k.equals("warnings")) {
                shown.put(k, v);
            }
        });
        if ("debug".equals(r.action())) {
            // debug shows only what the user asked for, as Ansible's callback cleans debug results.
            shown.remove("changed");
            if (shown.containsKey("msg")) {
                shown.keySet().removeIf(k -> !DEBUG_KEYS.contains(k));
            }
        }
        return indented || verbosity >= 3 ? PyJson.indented(shown) : PyJson.compact(shown);
    }

    @Override
    public synchronized void runFinished(Events.RunFinished event) {
        if (event.stats().isEmpty()) {
            return;
        }
        out.println(banner("PLAY RECAP"));
        for (Map.Entry<String, HostStats> e : event.stats().entrySet()) {
            HostStats s = e.getValue();
            Colour hostColour = s.failed() > 0 ? Colour.ERROR : s.unreachable() > 0 ? Colour.UNREACHABLE
                    : s.changed() > 0 ? Colour.CHANGED : Colour.OK;
            String hostPart = color ? String.format("%-37s", paint(e.getKey(), hostColour)) : String.format("%-26s", e.getKey());
            out.println(hostPart + " : " + String.join(" ", List.of(
                    count("ok", s.ok(), Colour.OK), count("changed", s.changed(), Colour.CHANGED),
                    count("unreachable", s.unreachable(), Colour.UNREACHABLE), count("failed", s.failed(), Colour.ERROR),
                    count("skipped", s.skipped(), Colour.SKIP), count("rescued", s.rescued(), Colour.OK),
                    count("ignored", s.ignored(), Colour.WARN))));
        }
        out.println();
        out.flush();
    }

    private String count(String name, int n, Colour c) {
        String text = String.format("%s=%-4s", name, n);
        return n > 0 ? paint(text, c) : text;
    }

    private enum Colour {
        OK("0;32"), CHANGED("0;33"), SKIP("0;36"), ERROR("0;31"), UNREACHABLE("1;31"), WARN("1;35");

        final String code;

        Colour(String code) {
            this.code = code;
        }
    }

    private String paint(String text, Colour c) {
        return color ? "\u001b[" + c.code + "m" + text + "\u001b[0m" : text;
    }
}
