package io.drover.inventory;

import java.util.List;
import java.util.Map;

/**
 * One inventory group.
 *
 * @param name     group name
 * @param vars     variables set on the group in the inventory source ({@code [g:vars]}, YAML {@code vars:});
 *                 {@code ansible_group_priority} is not among them, it is {@link #priority()}
 * @param children names of direct child groups, in the order they were added
 * @param hosts    names of hosts placed directly in this group, in the order they were added
 * @param depth    longest distance from {@code all} (0 for {@code all}, 1 for top-level groups)
 * @param priority {@code ansible_group_priority} (default 1; higher wins among groups of equal depth)
 */
public record Group(String name, Map<String, Object> vars, List<String> children, List<String> hosts, int depth,
                    int priority) {

    public static final String ALL = "all";
    public static final String UNGROUPED = "ungrouped";

    public Group {
        vars = Frozen.map(vars);
        children = List.copyOf(children);
        hosts = List.copyOf(hosts);
    }
}
