package io.drover.inventory;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A loaded inventory: hosts, groups, the {@code group_vars}/{@code host_vars} found next to its sources, and host
 * pattern resolution. Immutable once loaded (built by {@link InventoryLoader}), except that the implicit localhost
 * is created the first time a pattern names it, as in Ansible.
 *
 * <p>"Inventory order" is Ansible's: a group's hosts are its own hosts, then those of its children level by level;
 * for {@code all} that puts ungrouped hosts first, then top-level groups in creation order.
 */
public final class Inventory {

    /** Names that mean the controller itself; an implicit host is created for them when not in the inventory. */
    public static final Set<String> LOCALHOST_NAMES = Set.of("localhost", "127.0.0.1", "::1");

    private final List<String> sources;
    private final Map<String, Host> hosts;
    private final Map<String, Group> groups;
    private final Map<String, List<Group>> hostGroups;
    private final List<VarsDirectory> varsDirectories;
    private final Consumer<String> warnings;
    private final String implicitPython;
    private final Host explicitLocalhost;
    private final AtomicReference<Host> implicitLocalhost = new AtomicReference<>();
    private final Map<String, List<Host>> groupHostsCache = new ConcurrentHashMap<>();
    private final Map<String, List<Host>> patternCache = new ConcurrentHashMap<>();
    private volatile Map<String, List<String>> groupsMagicVar;

    Inventory(List<String> sources, Map<String, Host> hosts, Map<String, Group> groups,
              Map<String, List<Group>> hostGroups, List<VarsDirectory> varsDirectories, Consumer<String> warnings,
              String implicitPython) {
        this.sources = List.copyOf(sources);
        this.hosts = Collections.unmodifiableMap(hosts);
        this.groups = Collections.unmodifiableMap(groups);
        this.hostGroups = hostGroups;
        this.varsDirectories = List.copyOf(varsDirectories);
        this.warnings = warnings;
        this.implicitPython = implicitPython;
        this.explicitLocalhost = hosts.values().stream().filter(h -> LOCALHOST_NAMES.contains(h.name())).findFirst()
                .orElse(null);
    }

    // ---------------------------------------------------------------- model

    /** The {@code -i} sources this inventory was loaded from, as given. */
    public List<String> sources() {
        return sources;
    }

    /** All inventory hosts by name, in creation order (the implicit localhost is never among them). */
    public Map<String, Host> hosts() {
        return hosts;
    }

    /** All groups by name in creation order, starting with {@code all} and {@code ungrouped}. */
    public Map<String, Group> groups() {
        return groups;
    }

    /** The named inventory host, or null. Does not create the implicit localhost; see {@link #host(String)}. */
    public Host inventoryHost(String name) {
        return hosts.get(name);
    }

    /**
     * The named host, or the implicit localhost for {@code localhost}/{@code 127.0.0.1}/{@code ::1} when the
     * inventory lacks it (an inventory host with one of those names stands for all three); null otherwise.
     */
    public Host host(String name) {
        Host h = hosts.get(name);
        if (h != null || !LOCALHOST_NAMES.contains(name)) {
            return h;
        }
        if (explicitLocalhost != null) {
            return explicitLocalhost;
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("ansible_python_interpreter", implicitPython);
        vars.put("ansible_connection", "local");
        implicitLocalhost.compareAndSet(null, new Host(name, vars, null, null, true));
        return implicitLocalhost.get();
    }

    public Group group(String name) {
        return groups.get(name);
    }

    /** The {@code group_vars/}/{@code host_vars/} locations of the inventory sources, in source order. */
    public List<VarsDirectory> varsDirectories() {
        return varsDirectories;
    }

    /**
     * Hosts of a group including those of its descendant groups, in inventory order (Ansible's
     * {@code group.get_hosts()}).
     */
    public List<Host> hostsOf(String group) {
        Group g = groups.get(group);
        if (g == null) {
            return List.of();
        }
        return groupHostsCache.computeIfAbsent(group, this::collectHosts);
    }

    private List<Host> collectHosts(String group) {
        // breadth first: the group, its children, their children...; a group reached twice counts once
        LinkedHashSet<String> order = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(group);
        order.add(group);
        while (!queue.isEmpty()) {
            for (String child : groups.get(queue.poll()).children()) {
                if (order.add(child)) {
                    queue.add(child);
                }
            }
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String g : order) {
            names.addAll(groups.get(g).hosts());
        }
        List<Host> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(hosts.get(n));
        }
        return List.copyOf(out);
    }

    /** Every group the host belongs to, directly or through a child group, including {@code all}. */
    public List<Group> groupsOf(String host) {
        List<Group> gs = hostGroups.get(host);
        if (gs != null) {
            return gs;
        }
        Host h = host(host);
        return h != null && h.implicit() ? List.of(groups.get(Group.ALL)) : List.of();
    }

    // ---------------------------------------------------------------- variables

    /**
     * The host's groups in the order their variables apply (later wins): {@code all} first, then the others by
     * depth, then {@code ansible_group_priority}, then name. The executor layers, per execution.md §1:
     * source vars of all of these (level 3), then {@code group_vars/all} of inventory then playbook dir (4, 5),
     * then {@code group_vars/<g>} of the other groups, inventory then playbook dir (6, 7), then host vars (8-10).
     * The implicit localhost gets just {@code all}.
     */
    public List<Group> groupsInPrecedenceOrder(String host) {
        List<Group> gs = new ArrayList<>(groupsOf(host));
        gs.sort(Comparator.comparingInt(Group::depth).thenComparingInt(Group::priority).thenComparing(Group::name));
        return gs;
    }

    /** Variables set on the group in the inventory source (level 3 for that group). */
    public Map<String, Object> groupSourceVars(Group group) {
        return group.vars();
    }

    /** {@code group_vars/<group>} next to the inventory sources, later sources overriding earlier ones. */
    public Map<String, Object> groupDirVars(Group group) {
        return groupDirVars(List.of(group));
    }

    /**
     * {@code group_vars} of several groups (given in precedence order) next to the inventory sources, layered the way
     * Ansible does: per source, all groups in order; a later source beats an earlier one.
     */
    public Map<String, Object> groupDirVars(List<Group> groupsInOrder) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (VarsDirectory dir : varsDirectories) {
            for (Group g : groupsInOrder) {
                out.putAll(dir.groupVars(g.name()));
            }
        }
        return out;
    }

    /** Variables set on the host in the inventory source (level 8), {@code ansible_port} from host:port included. */
    public Map<String, Object> hostSourceVars(String host) {
        Host h = host(host);
        return h == null ? Map.of() : h.vars();
    }

    /** {@code host_vars/<host>} next to the inventory sources (level 9). */
    public Map<String, Object> hostDirVars(String host) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (VarsDirectory dir : varsDirectories) {
            out.putAll(dir.hostVars(host));
        }
        return out;
    }

    /**
     * All inventory-side variables of a host merged (levels 3-9 without the playbook directory), as
     * {@code ansible-inventory --host} shows them (minus its removal of internal names).
     */
    public Map<String, Object> hostVariables(String host) {
        List<Group> ordered = groupsInPrecedenceOrder(host);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Group g : ordered) {
            out.putAll(g.vars());
        }
        Group all = groups.get(Group.ALL);
        out.putAll(groupDirVars(all));
        List<Group> others = ordered.stream().filter(g -> !g.name().equals(Group.ALL)).toList();
        out.putAll(groupDirVars(others));
        out.putAll(hostSourceVars(host));
        out.putAll(hostDirVars(host));
        return out;
    }

    /** Magic var {@code group_names}: the host's groups except {@code all}, sorted. */
    public List<String> groupNames(String host) {
        List<String> names = new ArrayList<>();
        for (Group g : groupsOf(host)) {
            if (!g.name().equals(Group.ALL)) {
                names.add(g.name());
            }
        }
        Collections.sort(names);
        return names;
    }

    /** Magic var {@code groups}: every group (creation order) → its hosts in inventory order. */
    public Map<String, List<String>> groupsMagicVar() {
        Map<String, List<String>> result = groupsMagicVar;
        if (result == null) {
            Map<String, List<String>> m = new LinkedHashMap<>();
            for (String g : groups.keySet()) {
                m.put(g, hostsOf(g).stream().map(Host::name).toList());
            }
            result = Collections.unmodifiableMap(m);
            groupsMagicVar = result;
        }
        return result;
    }

    // ---------------------------------------------------------------- patterns

    /**
     * Hosts matching a pattern ({@code all}, {@code *}, {@code a:b}, {@code a,b}, {@code a:&b}, {@code a:!b}, globs,
     * {@code ~regex}, {@code g[0]}, {@code g[1:3]}), de-duplicated, in inventory order. Names that match nothing
     * produce the warning "Could not match supplied host pattern, ignoring: X".
     *
     * @throws DroverException for a malformed regex or a subscript out of range
     */
    public List<Host> resolve(String pattern) {
        return evaluate(HostPatterns.split(pattern));
    }

    /** Several patterns (a YAML {@code hosts:} list): their union, then intersections, then exclusions. */
    public List<Host> resolve(List<String> patterns) {
        return evaluate(HostPatterns.split(patterns));
    }

    /** {@link #resolve(List)} restricted to the hosts a {@link #limit(String)} allowed (null = no limit). */
    public List<Host> resolve(List<String> patterns, Set<String> limit) {
        List<Host> hs = resolve(patterns);
        if (limit == null) {
            return hs;
        }
        return hs.stream().filter(h -> limit.contains(h.name())).toList();
    }

    /**
     * The host names a {@code --limit} value allows. Same syntax as patterns; an {@code @file} element is replaced
     * by the file's lines, one pattern each.
     *
     * @throws DroverException when an {@code @file} is missing or is a directory
     */
    public Set<String> limit(String subset) {
        List<String> patterns = new ArrayList<>();
        for (String p : HostPatterns.split(subset)) {
            if (p.startsWith("@")) {
                Path file = Path.of(p.substring(1));
                if (!Files.exists(file)) {
                    throw DroverException.runtime("Unable to find limit file " + file, SourceLocation.UNKNOWN);
                }
                if (!Files.isRegularFile(file)) {
                    throw DroverException.runtime("Limit starting with \"@\" must be a file, not a directory: " + file,
                            SourceLocation.UNKNOWN);
                }
                try {
                    for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) {
                        patterns.add(line.strip());
                    }
                } catch (IOException e) {
                    throw DroverException.runtime("Could not read limit file " + file + ": " + e.getMessage(),
                            SourceLocation.of(file.toString()));
                }
            } else {
                patterns.add(p);
            }
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (Host h : evaluate(patterns)) {
            allowed.add(h.name());
        }
        return Collections.unmodifiableSet(allowed);
    }

    private List<Host> evaluate(List<String> patterns) {
        List<Host> result = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (String p : HostPatterns.order(patterns)) {
            Host exact = hosts.get(p);
            if (exact != null) {
                if (present.add(p)) {
                    result.add(exact);
                }
                continue;
            }
            List<Host> that = matchOne(p);
            char op = p.charAt(0);
            if (op == '!' || op == '&') {
                Set<String> names = new HashSet<>();
                for (Host h : that) {
                    names.add(h.name());
                }
                boolean keep = op == '&';
                result.removeIf(h -> names.contains(h.name()) != keep);
                present.removeIf(n -> names.contains(n) != keep);
            } else {
                for (Host h : that) {
                    if (present.add(h.name())) {
                        result.add(h);
                    }
                }
            }
        }
        return List.copyOf(result);
    }

    private List<Host> matchOne(String pattern) {
        String p = pattern.charAt(0) == '&' || pattern.charAt(0) == '!' ? pattern.substring(1) : pattern;
        List<Host> cached = patternCache.get(p);
        if (cached != null) {
            return cached;
        }
        HostPatterns.Split split = HostPatterns.splitSubscript(p, warnings);
        List<Host> matched = HostPatterns.applySubscript(enumerate(split.expression()), split.subscript());
        if (matched == null) {
            throw DroverException.runtime("No hosts matched the subscripted pattern '" + p + "'", SourceLocation.UNKNOWN);
        }
        patternCache.putIfAbsent(p, matched);
        return matched;
    }

    private List<Host> enumerate(String pattern) {
        if (pattern.isEmpty()) {
            return List.of();
        }
        List<Host> results = new ArrayList<>();
        boolean groupMatched;
        if (HostPatterns.isLiteral(pattern)) {
            groupMatched = groups.containsKey(pattern);
            if (groupMatched) {
                results.addAll(hostsOf(pattern));
            }
            if (!groupMatched || HostPatterns.searchesHosts(pattern)) {
                Host h = hosts.get(pattern);
                if (h != null) {
                    results.add(h);
                }
            }
        } else {
            Pattern compiled;
            try {
                compiled = HostPatterns.compile(pattern);
            } catch (IllegalArgumentException e) {
                throw DroverException.runtime(e.getMessage(), SourceLocation.UNKNOWN);
            }
            groupMatched = false;
            for (String g : groups.keySet()) {
                if (HostPatterns.matches(compiled, pattern, g)) {
                    groupMatched = true;
                    results.addAll(hostsOf(g));
                }
            }
            for (Host h : hosts.values()) {
                if (HostPatterns.matches(compiled, pattern, h.name())) {
                    results.add(h);
                }
            }
        }
        if (results.isEmpty() && LOCALHOST_NAMES.contains(pattern)) {
            results.add(host(pattern));
        }
        if (results.isEmpty() && !groupMatched && !pattern.equals(Group.ALL)) {
            warnings.accept("Could not match supplied host pattern, ignoring: " + pattern);
        }
        return results;
    }
}
