package io.drover.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import io.drover.template.PythonRepr;
import io.drover.yaml.YamlLoader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code ansible-inventory} prints: {@code --list} (JSON, optionally {@code --export}), {@code --graph}
 * (optionally from a group, optionally {@code --vars}) and {@code --host}. Output is byte-for-byte what Python's
 * {@code json.dumps(..., sort_keys=True, indent=4, ensure_ascii=False)} produces, without a trailing newline.
 */
public final class InventoryReport {

    /** Names ansible-inventory never shows as variables (they are magic or run-time values). */
    private static final Set<String> INTERNAL_VARS = Set.of("ansible_config_file", "ansible_diff_mode",
            "ansible_facts", "ansible_forks", "ansible_inventory_sources", "ansible_limit", "ansible_playbook_python",
            "ansible_run_tags", "ansible_skip_tags", "ansible_verbosity", "ansible_version", "inventory_dir",
            "inventory_file", "inventory_hostname", "inventory_hostname_short", "groups", "group_names", "omit",
            "playbook_dir");

    private static final ObjectWriter JSON = jsonWriter();

    private final Inventory inventory;
    private final VarsDirectory playbookDir;

    /** A report of the inventory alone (no {@code --playbook-dir}). */
    public InventoryReport(Inventory inventory) {
        this(inventory, null);
    }

    /** A report that also applies {@code group_vars}/{@code host_vars} of a playbook directory (may be null). */
    public InventoryReport(Inventory inventory, VarsDirectory playbookDir) {
        this.inventory = inventory;
        this.playbookDir = playbookDir;
    }

    /** {@code ansible-inventory --list}: groups with hosts/children, all host variables under {@code _meta}. */
    public String list() {
        return list(false);
    }

    /** {@code ansible-inventory --list [--export]}: with export, groups carry their own vars. */
    public String list(boolean export) {
        Map<String, Object> results = new LinkedHashMap<>();
        formatGroup(inventory.group(Group.ALL), results, new java.util.HashSet<>(), export);
        Map<String, Object> hostvars = new LinkedHashMap<>();
        for (Host h : inventory.resolve(Group.ALL)) {
            Map<String, Object> vars = hostVars(h.name(), export);
            if (!vars.isEmpty()) {
                hostvars.put(h.name(), vars);
            }
        }
        results.put("_meta", Map.of("hostvars", hostvars));
        return json(results);
    }

    private void formatGroup(Group group, Map<String, Object> results, Set<String> seen, boolean export) {
        Map<String, Object> entry = new LinkedHashMap<>();
        results.put(group.name(), entry);
        if (!group.name().equals(Group.ALL) && !group.hosts().isEmpty()) {
            entry.put("hosts", group.hosts());
        }
        if (!group.children().isEmpty()) {
            entry.put("children", group.children());
        }
        for (String child : group.children()) {
            if (seen.add(child)) {
                formatGroup(inventory.group(child), results, seen, export);
            }
        }
        if (export) {
            Map<String, Object> vars = groupVars(group);
            if (!vars.isEmpty()) {
                entry.put("vars", vars);
            }
        }
        if (entry.isEmpty()) {
            results.remove(group.name());
        }
    }

    /** {@code ansible-inventory --host NAME}: the host's merged variables. */
    public String host(String pattern) {
        List<Host> hosts = inventory.resolve(pattern);
        if (hosts.size() != 1) {
            throw new DroverException(DroverException.Kind.OPTIONS,
                    "You must pass a single valid host to --host parameter", SourceLocation.UNKNOWN);
        }
        return json(hostVars(hosts.get(0).name(), false));
    }

    /** {@code ansible-inventory --graph [GROUP] [--vars]}. */
    public String graph(String groupName, boolean showVars) {
        Group start = inventory.group(groupName == null ? Group.ALL : groupName);
        if (start == null) {
            throw new DroverException(DroverException.Kind.OPTIONS,
                    "Pattern must be valid group name when using --graph", SourceLocation.UNKNOWN);
        }
        List<String> lines = new ArrayList<>();
        graphGroup(start, 0, showVars, lines);
        return String.join("\n", lines);
    }

    private void graphGroup(Group group, int depth, boolean showVars, List<String> lines) {
        lines.add(graphName("@" + group.name() + ":", depth));
        int d = depth + 1;
        for (String child : group.children()) {
            graphGroup(inventory.group(child), d, showVars, lines);
        }
        if (!group.name().equals(Group.ALL)) {
            for (String h : group.hosts()) {
                lines.add(graphName(h, d));
                if (showVars) {
                    showVars(hostVars(h, false), d + 1, lines);
                }
            }
        }
        if (showVars) {
            showVars(groupVars(group), d, lines);
        }
    }

    private static void showVars(Map<String, Object> vars, int depth, List<String> lines) {
        new TreeMap<>(vars).forEach((k, v) -> lines.add(graphName("{" + k + " = " + PythonRepr.str(v) + "}", depth)));
    }

    private static String graphName(String name, int depth) {
        return depth == 0 ? name : "  |".repeat(depth) + "--" + name;
    }

    private Map<String, Object> hostVars(String host, boolean export) {
        Map<String, Object> vars;
        if (export) {
            vars = new LinkedHashMap<>(inventory.hostSourceVars(host));
            vars.putAll(inventory.hostDirVars(host));
            if (playbookDir != null) {
                vars.putAll(playbookDir.hostVars(host));
            }
        } else {
            vars = mergedHostVars(host);
        }
        INTERNAL_VARS.forEach(vars::remove);
        return vars;
    }

    /** Levels 3-10 of execution.md §1: inventory and playbook-dir sides interleaved. */
    private Map<String, Object> mergedHostVars(String host) {
        if (playbookDir == null) {
            return new LinkedHashMap<>(inventory.hostVariables(host));
        }
        List<Group> ordered = inventory.groupsInPrecedenceOrder(host);
        Map<String, Object> out = new LinkedHashMap<>();
        ordered.forEach(g -> out.putAll(g.vars()));
        Group all = inventory.group(Group.ALL);
        out.putAll(inventory.groupDirVars(all));
        out.putAll(playbookDir.groupVars(Group.ALL));
        List<Group> others = ordered.stream().filter(g -> !g.name().equals(Group.ALL)).toList();
        out.putAll(inventory.groupDirVars(others));
        others.forEach(g -> out.putAll(playbookDir.groupVars(g.name())));
        out.putAll(inventory.hostSourceVars(host));
        out.putAll(inventory.hostDirVars(host));
        out.putAll(playbookDir.hostVars(host));
        return out;
    }

    private Map<String, Object> groupVars(Group group) {
        Map<String, Object> vars = new LinkedHashMap<>(group.vars());
        vars.putAll(inventory.groupDirVars(group));
        if (playbookDir != null) {
            vars.putAll(playbookDir.groupVars(group.name()));
        }
        if (group.priority() != 1) {
            vars.put("ansible_group_priority", group.priority());
        }
        INTERNAL_VARS.forEach(vars::remove);
        return vars;
    }

    // ---------------------------------------------------------------- Python-compatible JSON

    /** Python's {@code json.dumps(value, sort_keys=True, indent=4, ensure_ascii=False)}. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(normalize(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("inventory data is not serialisable as JSON", e);
        }
    }

    /** Plain JSON-able values: sorted string-keyed maps, lists, strings, numbers as Python would print them. */
    private static Object normalize(Object v) {
        if (v instanceof Map<?, ?> m) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            m.forEach((k, val) -> sorted.put(jsonKey(k), normalize(val)));
            return sorted;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(normalize(x)));
            return out;
        }
        if (v instanceof Double || v instanceof Float) {
            return new PyFloat(((Number) v).doubleValue());
        }
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        if (v instanceof YamlLoader.VaultText vault) {
            return Map.of("__ansible_vault", vault.ciphertext());
        }
        if (v instanceof java.util.Date d) {
            return d.toInstant().toString();
        }
        return v;
    }

    private static String jsonKey(Object k) {
        if (k == null) {
            return "null";
        }
        if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (k instanceof Double || k instanceof Float) {
            return pythonFloat(((Number) k).doubleValue());
        }
        return k.toString();
    }

    /** A float that serialises as Python's {@code repr}. */
    private record PyFloat(double value) implements com.fasterxml.jackson.databind.JsonSerializable {
        @Override
        public void serialize(JsonGenerator gen, com.fasterxml.jackson.databind.SerializerProvider p)
                throws java.io.IOException {
            gen.writeNumber(pythonFloat(value));
        }

        @Override
        public void serializeWithType(JsonGenerator gen, com.fasterxml.jackson.databind.SerializerProvider p,
                                      com.fasterxml.jackson.databind.jsontype.TypeSerializer t)
                throws java.io.IOException {
            serialize(gen, p);
        }
    }

    /** Python's {@code repr(float)}: shortest digits, exponent form below 1e-4 and from 1e16 on. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
        if (d == 0) {
            return sign + "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int decpt = digits.length() - bd.scale();
        StringBuilder sb = new StringBuilder(sign);
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                sb.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt >= digits.length()) {
                sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            } else {
                sb.append(digits, 0, decpt).append('.').append(digits.substring(decpt));
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits.substring(1));
            }
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exp));
            sb.append(e.length() < 2 ? "0" + e : e);
        }
        return sb.toString();
    }

    private static ObjectWriter jsonWriter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setCharacterEscapes(new PythonEscapes());
        return mapper.writer(printer);
    }

    /** Python escapes control characters as lowercase hex escapes, except the usual short forms. */
    private static final class PythonEscapes extends CharacterEscapes {
        private final int[] table;

        PythonEscapes() {
            table = standardAsciiEscapesForJSON();
            for (int c = 0; c < 32; c++) {
                if ("\b\t\n\f\r".indexOf(c) < 0) {
                    table[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // only the control characters marked above; everything else is written as it is
            return ch < 32 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
