package io.drover.inventory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable inventory the source parsers fill in; {@link #freeze} turns it into an immutable {@link Inventory}.
 * Mirrors the operations Ansible's parsers use (add host, add group, add child, set variable) so the parsers read
 * like their Ansible counterparts and produce the same ordering.
 */
final class InventoryData {

    static final class MGroup {
        final String name;
        final LinkedHashMap<String, Object> vars = new LinkedHashMap<>();
        final LinkedHashSet<String> children = new LinkedHashSet<>();
        final LinkedHashSet<String> parents = new LinkedHashSet<>();
        final LinkedHashSet<String> hosts = new LinkedHashSet<>();
        int priority = 1;

        MGroup(String name) {
            this.name = name;
        }

        MGroup copy() {
            MGroup g = new MGroup(name);
            g.vars.putAll(vars);
            g.children.addAll(children);
            g.parents.addAll(parents);
            g.hosts.addAll(hosts);
            g.priority = priority;
            return g;
        }
    }

    static final class MHost {
        final String name;
        final LinkedHashMap<String, Object> vars = new LinkedHashMap<>();
        final LinkedHashSet<String> groups = new LinkedHashSet<>();
        final String inventoryFile;
        final String inventoryDir;

        MHost(String name, String inventoryFile, String inventoryDir) {
            this.name = name;
            this.inventoryFile = inventoryFile;
            this.inventoryDir = inventoryDir;
        }

        MHost copy() {
            MHost h = new MHost(name, inventoryFile, inventoryDir);
            h.vars.putAll(vars);
            h.groups.addAll(groups);
            return h;
        }
    }

    final LinkedHashMap<String, MGroup> groups = new LinkedHashMap<>();
    final LinkedHashMap<String, MHost> hosts = new LinkedHashMap<>();
    /** The source being parsed, recorded as {@code inventory_file} of hosts it introduces. */
    String currentSource;
    /** Its directory, recorded as {@code inventory_dir}; null for host lists. */
    String currentDir;

    InventoryData() {
        addGroup(Group.ALL);
        addGroup(Group.UNGROUPED);
        addChild(Group.ALL, Group.UNGROUPED);
    }

    /** A deep copy, so a source that fails half way can be thrown away without leaving partial results. */
    InventoryData copy() {
        InventoryData d = new InventoryData();
        d.groups.clear();
        groups.forEach((k, v) -> d.groups.put(k, v.copy()));
        hosts.forEach((k, v) -> d.hosts.put(k, v.copy()));
        d.currentSource = currentSource;
        d.currentDir = currentDir;
        return d;
    }

    boolean hasGroup(String name) {
        return groups.containsKey(name);
    }

    void addGroup(String name) {
        if (name == null || name.isEmpty()) {
            throw new InventoryParseException("Invalid empty/false group name provided: " + name);
        }
        groups.computeIfAbsent(name, MGroup::new);
    }

    /** Adds the host if new (a port only counts for a new host, as in Ansible) and puts it in the group. */
    void addHost(String name, String group, Integer port) {
        if (name == null || name.isEmpty()) {
            throw new InventoryParseException("Invalid empty host name provided: " + name);
        }
        MGroup g = null;
        if (group != null) {
            g = groups.get(group);
            if (g == null) {
                throw new InventoryParseException("Could not find group " + group + " in inventory");
            }
        }
        MHost h = hosts.get(name);
        if (h == null) {
            h = new MHost(name, currentSource, currentDir);
            if (port != null) {
                h.vars.put("ansible_port", port);
            }
            hosts.put(name, h);
        }
        if (g != null && g.hosts.add(name)) {
            h.groups.add(g.name);
        }
    }

    /** Makes {@code child} (a group or, failing that, a host) a member of {@code parent}. */
    void addChild(String parent, String child) {
        MGroup p = groups.get(parent);
        if (p == null) {
            throw new InventoryParseException(parent + " is not a known group");
        }
        MGroup c = groups.get(child);
        if (c != null) {
            if (parent.equals(child)) {
                throw new InventoryParseException("can't add group to itself");
            }
            if (p.children.contains(child)) {
                return;
            }
            if (ancestors(parent).contains(child)) {
                throw new InventoryParseException("Adding group '" + child + "' as child to '" + parent
                        + "' creates a recursive dependency loop.");
            }
            p.children.add(child);
            c.parents.add(parent);
        } else if (hosts.containsKey(child)) {
            addHost(child, parent, null);
        } else {
            throw new InventoryParseException(child + " is not a known host nor group");
        }
    }

    void setGroupVar(String group, String key, Object value) {
        MGroup g = groups.get(group);
        if ("ansible_group_priority".equals(key)) {
            g.priority = toInt(value);
        } else {
            g.vars.put(key, value);
        }
    }

    void setHostVar(String host, String key, Object value) {
        hosts.get(host).vars.put(key, value);
    }

    private static int toInt(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new InventoryParseException("invalid literal for int() with base 10: '" + value + "'");
        }
    }

    Set<String> ancestors(String group) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(groups.get(group).parents);
        while (!todo.isEmpty()) {
            String g = todo.pop();
            if (seen.add(g)) {
                todo.addAll(groups.get(g).parents);
            }
        }
        return seen;
    }

    /**
     * Ansible's end-of-parsing rules: parentless groups become children of {@code all}; hosts in no real group go
     * to {@code ungrouped}, and leave it once they are in another group.
     */
    void reconcile() {
        for (MGroup g : groups.values()) {
            if (!g.name.equals(Group.ALL) && g.parents.isEmpty()) {
                addChild(Group.ALL, g.name);
            }
        }
        MGroup ungrouped = groups.get(Group.UNGROUPED);
        for (MHost h : hosts.values()) {
            boolean onlyAll = h.groups.isEmpty() || (h.groups.size() == 1 && h.groups.contains(Group.ALL));
            if (h.groups.contains(Group.UNGROUPED)) {
                boolean other = h.groups.stream().anyMatch(n -> !n.equals(Group.ALL) && !n.equals(Group.UNGROUPED));
                if (other) {
                    ungrouped.hosts.remove(h.name);
                    h.groups.remove(Group.UNGROUPED);
                }
            } else if (onlyAll) {
                addHost(h.name, Group.UNGROUPED, null);
            }
        }
    }

    Map<String, Integer> depths() {
        Map<String, Integer> depth = new HashMap<>();
        // groups form a DAG rooted at all; longest path by relaxing in topological (Kahn) order
        Map<String, Integer> pending = new HashMap<>();
        Deque<String> ready = new ArrayDeque<>();
        for (MGroup g : groups.values()) {
            pending.put(g.name, g.parents.size());
            if (g.parents.isEmpty()) {
                ready.add(g.name);
                depth.put(g.name, 0);
            }
        }
        while (!ready.isEmpty()) {
            String n = ready.poll();
            int d = depth.get(n);
            for (String c : groups.get(n).children) {
                depth.merge(c, d + 1, Math::max);
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        return depth;
    }

    List<String> groupNames() {
        return new ArrayList<>(groups.keySet());
    }
}
