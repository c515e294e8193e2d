package io.drover.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The INI inventory format: {@code [group]}, {@code [group:vars]} and {@code [group:children]} sections, host lines
 * split like a shell with {@code key=value} variables evaluated as Python literals. Child groups may be declared
 * after the section naming them; one that is never declared fails the whole source.
 */
final class IniInventoryParser {

    private static final Pattern SECTION = Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:#.*)?$");
    private static final Pattern GROUP_NAME = Pattern.compile("^([^:\\]\\s]+)\\s*(?:#.*)?$");

    private final InventoryData inv;
    private final String file;
    private int lineNo;

    /** A group named before it was declared, and where. */
    private static final class Pending {
        final String state;
        final int line;
        final List<String> parents = new ArrayList<>();

        Pending(String state, int line) {
            this.state = state;
            this.line = line;
        }
    }

    private IniInventoryParser(InventoryData inv, String file) {
        this.inv = inv;
        this.file = file;
    }

    static void parse(InventoryData inv, String file, String text) {
        new IniInventoryParser(inv, file).parse(text);
    }

    private void parse(String text) {
        Map<String, Pending> pending = new LinkedHashMap<>();
        String group = Group.UNGROUPED;
        String state = "hosts";
        lineNo = 0;
        for (String raw : text.split("\\r\\n|\\r|\\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
                continue;
            }
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                group = m.group(1);
                state = m.group(2) == null ? "hosts" : m.group(2);
                if (!state.equals("hosts") && !state.equals("children") && !state.equals("vars")) {
                    throw error("Section [" + group + ":" + state + "] has unknown type: " + state);
                }
                if (!inv.hasGroup(group)) {
                    if (state.equals("vars") && !pending.containsKey(group)) {
                        pending.put(group, new Pending("vars", lineNo));
                    }
                    inv.addGroup(group);
                }
                Pending p = pending.get(group);
                if (p != null && !state.equals("vars")) {
                    if (p.state.equals("children")) {
                        addPendingChildren(group, pending);
                    } else {
                        pending.remove(group);
                    }
                }
                continue;
            } else if (line.startsWith("[") && line.endsWith("]")) {
                throw error("Invalid section entry: '" + line + "'. Please make sure that there are no spaces in the "
                        + "section entry, and that there are no other invalid characters");
            }
            switch (state) {
                case "hosts" -> hostLine(line, group);
                case "vars" -> {
                    int eq = line.indexOf('=');
                    if (eq < 0) {
                        throw error("Expected key=value, got: " + line);
                    }
                    String key = line.substring(0, eq).strip();
                    inv.setGroupVar(group, key, PythonLiteral.evalOrString(line.substring(eq + 1).strip()));
                }
                default -> {
                    Matcher gm = GROUP_NAME.matcher(line);
                    if (!gm.matches()) {
                        throw error("Expected group name, got: " + line);
                    }
                    String child = gm.group(1);
                    if (!inv.hasGroup(child)) {
                        pending.computeIfAbsent(child, c -> new Pending("children", lineNo)).parents.add(group);
                    } else {
                        inv.addChild(group, child);
                    }
                }
            }
        }
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (p.state.equals("vars")) {
                throw new InventoryParseException(file + ":" + p.line + ": Section [" + e.getKey()
                        + ":vars] not valid for undefined group: " + e.getKey());
            }
            throw new InventoryParseException(file + ":" + p.line + ": Section ["
                    + p.parents.get(p.parents.size() - 1) + ":children] includes undefined group: " + e.getKey());
        }
    }

    private void addPendingChildren(String group, Map<String, Pending> pending) {
        for (String parent : pending.get(group).parents) {
            inv.addChild(parent, group);
            Pending pp = pending.get(parent);
            if (pp != null && pp.state.equals("children")) {
                addPendingChildren(parent, pending);
            }
        }
        pending.remove(group);
    }

    private void hostLine(String line, String group) {
        List<String> tokens;
        try {
            tokens = ShellWords.split(line);
        } catch (ShellWords.SplitException e) {
            throw error("Error parsing host definition '" + line + "': " + e.getMessage());
        }
        if (tokens.isEmpty()) {
            return;
        }
        String pattern = tokens.get(0);
        HostAddress.Expansion hosts;
        try {
            hosts = HostAddress.expand(pattern);
        } catch (HostAddress.RangeException e) {
            throw new InventoryParseException(e.getMessage());
        }
        if (pattern.strip().endsWith(":") && hosts.port() == null) {
            throw new InventoryParseException("Invalid host pattern '" + pattern + "' supplied, ending in ':' is not "
                    + "allowed, this character is reserved to provide a port.");
        }
        for (String h : hosts.names()) {
            if (h.strip().equals("---")) {
                throw new InventoryParseException("Invalid host pattern '" + pattern + "' supplied, '---' is normally "
                        + "a sign this is a YAML file.");
            }
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String t : tokens.subList(1, tokens.size())) {
            int eq = t.indexOf('=');
            if (eq < 0) {
                throw error("Expected key=value host variable assignment, got: " + t);
            }
            vars.put(t.substring(0, eq), PythonLiteral.evalOrString(t.substring(eq + 1)));
        }
        for (String h : hosts.names()) {
            inv.addHost(h, group, hosts.port());
            vars.forEach((k, v) -> inv.setHostVar(h, k, v));
        }
    }

    private InventoryParseException error(String message) {
        return new InventoryParseException(file + ":" + lineNo + ": " + message);
    }
}
