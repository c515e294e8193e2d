package io.drover.playbook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keywords that a play or block hands down to its tasks (become, environment, ignore_errors, no_log, ...), kept as
 * the raw values the user wrote; they are templated when a task runs. A task's own value wins over the block's,
 * the block's over the play's.
 */
public record Keywords(Map<String, Object> values) {

    /** Keywords inherited from plays and blocks by tasks (Ansible's FieldAttribute inherit=True set we support). */
    public static final Set<String> INHERITED = Set.of(
            "become", "become_user", "become_method", "become_flags", "become_exe",
            "environment", "ignore_errors", "ignore_unreachable", "no_log", "check_mode", "diff",
            "remote_user", "connection", "port", "timeout", "any_errors_fatal", "run_once", "throttle",
            "delegate_to", "module_defaults", "collections");

    public static final Keywords EMPTY = new Keywords(Map.of());

    public Keywords {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Object get(String key) {
        return values.get(key);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * The effective keywords when {@code child} is nested in this: the child's values win, except environment,
     * which merges key by key (innermost wins) as in Ansible.
     */
    @SuppressWarnings("unchecked")
    public Keywords overriddenBy(Keywords child) {
        if (child.values.isEmpty()) {
            return this;
        }
        if (values.isEmpty()) {
            return child;
        }
        Map<String, Object> merged = new LinkedHashMap<>(values);
        for (Map.Entry<String, Object> e : child.values.entrySet()) {
            if (e.getKey().equals("environment") && merged.get("environment") instanceof Map<?, ?> outer
                    && e.getValue() instanceof Map<?, ?> inner) {
                Map<String, Object> env = new LinkedHashMap<>((Map<String, Object>) outer);
                env.putAll((Map<String, Object>) inner);
                merged.put("environment", env);
            } else {
                merged.put(e.getKey(), e.getValue());
            }
        }
        return new Keywords(merged);
    }
}
