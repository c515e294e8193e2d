package io.drover.cli.output;

import io.drover.api.Events;
import io.drover.api.Events.HostResult;
import io.drover.api.Events.Status;
import io.drover.api.RunListener;
import io.drover.template.PyJson;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code ansible} ad-hoc output: {@code host | SUCCESS => {...}}, or {@code host | CHANGED | rc=0 >>} for commands. */
public final class MinimalPrinter implements RunListener {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;

    public MinimalPrinter(PrintStream out, PrintStream err, boolean color) {
        this.out = out;
        this.err = err;
        this.color = color;
    }

    @Override
    public synchronized void warning(String message) {
        err.println("[WARNING]: " + message);
    }

    @Override
    public synchronized void hostResult(HostResult r) {
        if (r.loopSummary() || r.itemLabel() != null) {
            return;
        }
        Map<String, Object> shown = new LinkedHashMap<>(r.result());
        shown.keySet().removeIf(k -> k.startsWith("_ansible_") || k.equals("invocation"));
        String state = switch (r.status()) {
            case OK -> "SUCCESS";
            case CHANGED -> "CHANGED";
            case FAILED -> "FAILED!";
            case SKIPPED -> "SKIPPED";
            case UNREACHABLE -> "UNREACHABLE!";
        };
        if (r.status() != Status.UNREACHABLE && shown.containsKey("rc") && shown.containsKey("stdout")
                && !Boolean.TRUE.equals(shown.get("skipped"))) {
            String word = r.status() == Status.FAILED ? "FAILED" : r.status() == Status.CHANGED ? "CHANGED" : "SUCCESS";
            StringBuilder sb = new StringBuilder(r.host()).append(" | ").append(word).append(" | rc=")
                    .append(shown.get("rc")).append(" >>\n").append(shown.get("stdout"));
            Object stderr = shown.get("stderr");
            if (stderr != null && !String.valueOf(stderr).isEmpty()) {
                sb.append(String.valueOf(stderr));
            }
            if (r.status() == Status.FAILED && shown.get("msg") != null && String.valueOf(shown.get("stdout")).isEmpty()) {
                sb.append(shown.get("msg"));
            }
            out.println(sb);
            return;
        }
        out.println(r.host() + " | " + state + " => " + PyJson.indented(shown));
    }

    @Override
    public void runFinished(Events.RunFinished event) {
        out.flush();
    }
}
