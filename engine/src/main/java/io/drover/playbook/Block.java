package io.drover.playbook;

import io.drover.error.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * {@code block:} with optional {@code rescue:} and {@code always:}; its keywords are inherited by children. A role's
 * tasks and a static import's tasks are blocks too: {@code role} is set for a role's tasks, null otherwise.
 */
public record Block(
        String name,
        List<TaskNode> block,
        List<TaskNode> rescue,
        List<TaskNode> always,
        SourceLocation location,
        List<Object> when,
        Map<String, Object> vars,
        Keywords keywords,
        List<String> tags,
        Role role) implements TaskNode {

    public Block(String name, List<TaskNode> block, List<TaskNode> rescue, List<TaskNode> always,
                 SourceLocation location, List<Object> when, Map<String, Object> vars, Keywords keywords,
                 List<String> tags) {
        this(name, block, rescue, always, location, when, vars, keywords, tags, null);
    }

    public Block {
        block = List.copyOf(block);
        rescue = rescue == null ? List.of() : List.copyOf(rescue);
        always = always == null ? List.of() : List.copyOf(always);
        when = when == null ? List.of() : List.copyOf(when);
        vars = vars == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        keywords = keywords == null ? Keywords.EMPTY : keywords;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
