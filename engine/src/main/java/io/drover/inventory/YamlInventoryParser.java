package io.drover.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The YAML (and JSON) inventory format: top-level keys are groups; each group may have {@code hosts} (host
 * expression → vars), {@code vars} and {@code children} (group → group definition). Unknown keys only warn.
 */
final class YamlInventoryParser {

    private final InventoryData inv;
    private final Consumer<String> warnings;

    private YamlInventoryParser(InventoryData inv, Consumer<String> warnings) {
        this.inv = inv;
        this.warnings = warnings;
    }

    static void parse(InventoryData inv, Object data, Consumer<String> warnings) {
        if (data == null || (data instanceof Map<?, ?> m0 && m0.isEmpty())) {
            throw new InventoryParseException("Parsed empty YAML file");
        }
        if (!(data instanceof Map<?, ?> map)) {
            throw new InventoryParseException("YAML inventory has invalid structure, it should be a dictionary, got: "
                    + pythonType(data));
        }
        Object plugin = map.get("plugin");
        if (plugin != null && isTruthy(plugin)) {
            throw new InventoryParseException("Plugin configuration YAML file, not YAML inventory");
        }
        YamlInventoryParser p = new YamlInventoryParser(inv, warnings);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            p.group(e.getKey(), e.getValue());
        }
    }

    private String group(Object key, Object data) {
        if (!(data == null || data instanceof Map<?, ?>)) {
            warnings.accept("Skipping '" + key + "' as this is not a valid group definition");
            return key instanceof String s ? s : String.valueOf(key);
        }
        if (!(key instanceof String group) || group.isEmpty()) {
            throw new InventoryParseException("Unable to add group " + pyStr(key) + ": Invalid group name supplied, "
                    + "expected a string but got " + pythonType(key) + " for " + pyStr(key));
        }
        inv.addGroup(group);
        if (data == null) {
            return group;
        }
        Map<Object, Object> sections = new LinkedHashMap<>((Map<?, ?>) data);
        for (String section : List.of("vars", "children", "hosts")) {
            if (!sections.containsKey(section)) {
                continue;
            }
            Object value = sections.get(section);
            if (value instanceof CharSequence s) {
                Map<Object, Object> single = new LinkedHashMap<>();
                single.put(s.toString(), null);
                sections.put(section, single);
            } else if (!(value == null || value instanceof Map<?, ?>)) {
                throw new InventoryParseException("Invalid \"" + section + "\" entry for \"" + group
                        + "\" group, requires a dictionary, found \"" + pythonType(value) + "\" instead.");
            }
        }
        for (Map.Entry<Object, Object> e : sections.entrySet()) {
            Object key2 = e.getKey();
            Object value = e.getValue();
            if (!(value == null || value instanceof Map<?, ?>)) {
                warnings.accept("Skipping key (" + pyStr(key2) + ") in group (" + group + ") as it is not a mapping, it is a "
                        + pythonType(value));
                continue;
            }
            if (value == null) {
                continue;
            }
            Map<?, ?> m = (Map<?, ?>) value;
            switch (String.valueOf(key2)) {
                case "vars" -> m.forEach((k, v) -> inv.setGroupVar(group, String.valueOf(k), v));
                case "children" -> m.forEach((child, def) -> inv.addChild(group, group(child, def)));
                case "hosts" -> m.forEach((pattern, vars) -> hosts(group, pattern, vars));
                default -> warnings.accept("Skipping unexpected key (" + pyStr(key2) + ") in group (" + group
                        + "), only \"vars\", \"children\" and \"hosts\" are valid");
            }
        }
        return group;
    }

    private void hosts(String group, Object pattern, Object vars) {
        if (!(pattern instanceof String p)) {
            throw new InventoryParseException("Host pattern " + pyStr(pattern)
                    + " must be a string. Enclose integers/floats in quotation marks.");
        }
        HostAddress.Expansion hosts;
        try {
            hosts = HostAddress.expand(p);
        } catch (HostAddress.RangeException e) {
            throw new InventoryParseException(e.getMessage());
        }
        if (vars != null && !(vars instanceof Map<?, ?>)) {
            throw new InventoryParseException("Invalid data from file, expected dictionary and got:\n\n" + pyStr(vars));
        }
        for (String h : hosts.names()) {
            inv.addHost(h, group, hosts.port());
            if (vars != null) {
                ((Map<?, ?>) vars).forEach((k, v) -> inv.setHostVar(h, String.valueOf(k), v));
            }
        }
    }

    private static boolean isTruthy(Object o) {
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof CharSequence s) {
            return !s.isEmpty();
        }
        if (o instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (o instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (o instanceof List<?> l) {
            return !l.isEmpty();
        }
        return true;
    }

    private static String pyStr(Object o) {
        return io.drover.template.PythonRepr.str(o);
    }

    /** How Python names the type of a value loaded by Ansible's YAML loader, for messages. */
    static String pythonType(Object o) {
        if (o instanceof List<?>) {
            return "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>";
        }
        if (o instanceof Map<?, ?>) {
            return "<class 'ansible.parsing.yaml.objects.AnsibleMapping'>";
        }
        if (o instanceof CharSequence) {
            return "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>";
        }
        if (o instanceof Boolean) {
            return "<class 'bool'>";
        }
        if (o instanceof Double) {
            return "<class 'float'>";
        }
        if (o instanceof Number) {
            return "<class 'int'>";
        }
        return o == null ? "<class 'NoneType'>" : "<class '" + o.getClass().getSimpleName() + "'>";
    }
}
