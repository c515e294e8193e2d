package io.drover.exec;

import io.drover.playbook.Keywords;
import io.drover.playbook.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What enclosing plays and blocks hand down to a task: effective keywords, block vars, inherited conditions.
 */
record TaskFrame(Keywords keywords, Map<String, Object> vars, List<Object> when, List<String> tags, Role role) {

    static TaskFrame of(Keywords playKeywords, List<String> playTags) {
        return new TaskFrame(playKeywords, Map.of(), List.of(), playTags, null);
    }

    /** The banner name of a task in this frame: {@code role : name} inside a role. */
    String banner(String name) {
        // Role handlers are named "role : handler" when loaded, so notify can use either spelling.
        return role == null || name.startsWith(role.name() + " : ") ? name : role.name() + " : " + name;
    }

    /** The task's own tags plus everything inherited, which is what --tags/--skip-tags look at. */
    List<String> tagsOf(List<String> own) {
        if (own.isEmpty()) {
            return tags;
        }
        List<String> all = new ArrayList<>(tags);
        all.addAll(own);
        return all;
    }

    TaskFrame enter(Keywords blockKeywords, Map<String, Object> blockVars, List<Object> blockWhen,
                    List<String> blockTags, Role blockRole) {
        Map<String, Object> v = vars;
        if (!blockVars.isEmpty()) {
            v = new LinkedHashMap<>(vars);
            v.putAll(blockVars);
        }
        List<Object> w = when;
        if (!blockWhen.isEmpty()) {
            w = new ArrayList<>(when);
            w.addAll(blockWhen);
        }
        return new TaskFrame(keywords.overriddenBy(blockKeywords), v, w, tagsOf(blockTags),
                blockRole != null ? blockRole : role);
    }
}
