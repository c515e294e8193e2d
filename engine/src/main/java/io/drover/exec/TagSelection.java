package io.drover.exec;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --tags} / {@code --skip-tags} as ansible-core 2.14 applies them (ansible-compat execution.md §7). A task's
 * tags are its own plus those inherited from its play and blocks; a task without any counts as {@code untagged}.
 */
public record TagSelection(Set<String> run, Set<String> skip) {

    public static final TagSelection ALL = new TagSelection(Set.of("all"), Set.of());

    public TagSelection {
        run = run.isEmpty() ? Set.of("all") : Set.copyOf(run);
        skip = Set.copyOf(skip);
    }

    /** Splits comma-separated flag values as ansible-playbook does ({@code -t a,b -t c}). */
    public static TagSelection of(List<String> tags, List<String> skipTags) {
        return new TagSelection(split(tags), split(skipTags));
    }

    private static Set<String> split(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            for (String t : v.split(",")) {
                if (!t.isBlank()) {
                    out.add(t.strip());
                }
            }
        }
        return out;
    }

    /** Whether a task with these (own and inherited) tags runs. */
    public boolean selects(Collection<String> taskTags) {
        Set<String> t = taskTags.isEmpty() ? Set.of("untagged") : new LinkedHashSet<>(taskTags);
        boolean tagged = !taskTags.isEmpty();
        boolean selected = t.contains("always")
                || run.contains("all") && !t.contains("never")
                || intersects(t, run)
                || run.contains("tagged") && tagged && !t.contains("never");
        if (!selected) {
            return false;
        }
        if (skip.contains("all") && !(t.contains("always") && !skip.contains("always"))) {
            return false;
        }
        return !intersects(t, skip) && !(skip.contains("tagged") && tagged);
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }
}
