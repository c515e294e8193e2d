package io.drover.playbook;

import io.drover.error.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * One play as written.
 *
 * @param name        the {@code name:} as written, or null (the banner then shows the hosts string)
 * @param hosts       host patterns (a YAML list or the single string, kept as one entry)
 * @param gatherFacts raw value of {@code gather_facts} (null = default true)
 * @param varsFiles   entries of {@code vars_files}: a path, or a list of paths of which the first existing wins
 * @param serial      batch sizes (ints or "N%" strings); empty = all hosts in one batch
 * @param keywords    keywords inherited by every task (become, environment, ignore_errors, ...)
 */
public record Play(
        String name,
        List<String> hosts,
        SourceLocation location,
        Object gatherFacts,
        Map<String, Object> vars,
        List<Object> varsFiles,
        List<TaskNode> preTasks,
        List<TaskNode> tasks,
        List<TaskNode> postTasks,
        List<Task> handlers,
        List<Object> serial,
        String strategy,
        Object maxFailPercentage,
        boolean forceHandlers,
        List<String> tags,
        Keywords keywords) {

    public Play {
        hosts = List.copyOf(hosts);
        vars = vars == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        varsFiles = varsFiles == null ? List.of() : List.copyOf(varsFiles);
        preTasks = preTasks == null ? List.of() : List.copyOf(preTasks);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        postTasks = postTasks == null ? List.of() : List.copyOf(postTasks);
        handlers = handlers == null ? List.of() : List.copyOf(handlers);
        serial = serial == null ? List.of() : List.copyOf(serial);
        strategy = strategy == null ? "linear" : strategy;
        tags = tags == null ? List.of() : List.copyOf(tags);
        keywords = keywords == null ? Keywords.EMPTY : keywords;
    }

    /** The hosts as one pattern string, the way ansible-playbook shows an unnamed play. */
    public String hostsPattern() {
        return String.join(",", hosts);
    }

    public String displayName() {
        return name == null ? hostsPattern() : name;
    }
}
