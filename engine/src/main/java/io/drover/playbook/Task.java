package io.drover.playbook;

import io.drover.error.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * One task (or handler) as written. Values stay raw (templates are rendered per host when the task runs).
 *
 * @param name        the {@code name:} as written, or null
 * @param action      the module as written: short name ({@code command}) or FQCN ({@code ansible.builtin.command})
 * @param args        module arguments; free-form text is under {@link #RAW_PARAMS}, {@code args:} merged in
 * @param when        conditions, all of which must hold (empty = always)
 * @param loop        null when the task does not loop
 * @param changedWhen null when absent, else conditions
 * @param failedWhen  null when absent, else conditions
 * @param keywords    inheritable keywords set on the task itself (become, environment, ignore_errors, ...)
 * @param listen      topics a handler listens to (empty for ordinary tasks)
 */
public record Task(
        String name,
        String action,
        Map<String, Object> args,
        SourceLocation location,
        List<Object> when,
        Loop loop,
        String register,
        List<String> notifies,
        List<Object> changedWhen,
        List<Object> failedWhen,
        Map<String, Object> vars,
        Keywords keywords,
        List<String> tags,
        List<String> listen) implements TaskNode {

    /** Key under which free-form module text is kept, as in Ansible. */
    public static final String RAW_PARAMS = "_raw_params";

    public Task {
        args = args == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
        when = when == null ? List.of() : List.copyOf(when);
        notifies = notifies == null ? List.of() : List.copyOf(notifies);
        vars = vars == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        keywords = keywords == null ? Keywords.EMPTY : keywords;
        tags = tags == null ? List.of() : List.copyOf(tags);
        listen = listen == null ? List.of() : List.copyOf(listen);
    }

    /** The banner name when none is given: the action as written, as ansible-playbook prints it. */
    public String displayName() {
        return name == null || name.isBlank() ? action : name;
    }

    /** Copy of this task with other effective keywords (used when flattening blocks). */
    public Task withKeywords(Keywords effective) {
        return new Task(name, action, args, location, when, loop, register, notifies, changedWhen, failedWhen,
                vars, effective, tags, listen);
    }
}
