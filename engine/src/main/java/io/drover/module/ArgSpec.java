package io.drover.module;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The arguments a module accepts, declared once and checked before it runs, with the messages Ansible's
 * argument validation gives ("Unsupported parameters for (x) module", "missing required arguments", ...).
 */
public record ArgSpec(List<Option> options, boolean freeForm, boolean anyKeys, List<List<String>> mutuallyExclusive,
                      List<List<String>> requiredOneOf) {

    /** Argument types as in Ansible's argument specs. */
    public enum Type { STR, BOOL, INT, FLOAT, LIST, DICT, PATH, RAW }

    /** One accepted argument. {@code choices} empty = any value. */
    public record Option(String name, Type type, boolean required, Object defaultValue, List<String> choices,
                         List<String> aliases, boolean noLog) {
        public Option {
            choices = choices == null ? List.of() : List.copyOf(choices);
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }

        public Option asRequired() {
            return new Option(name, type, true, defaultValue, choices, aliases, noLog);
        }

        public Option withDefault(Object value) {
            return new Option(name, type, required, value, choices, aliases, noLog);
        }

        public Option choices(String... values) {
            return new Option(name, type, required, defaultValue, List.of(values), aliases, noLog);
        }

        public Option aliases(String... values) {
            return new Option(name, type, required, defaultValue, choices, List.of(values), noLog);
        }

        public Option secret() {
            return new Option(name, type, required, defaultValue, choices, aliases, true);
        }
    }

    public ArgSpec {
        options = List.copyOf(options);
        mutuallyExclusive = mutuallyExclusive == null ? List.of() : List.copyOf(mutuallyExclusive);
        requiredOneOf = requiredOneOf == null ? List.of() : List.copyOf(requiredOneOf);
    }

    public static Option option(String name, Type type) {
        return new Option(name, type, false, null, List.of(), List.of(), false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Names and aliases a user may write. */
    public Set<String> acceptedNames() {
        Set<String> names = new TreeSet<>();
        for (Option o : options) {
            names.add(o.name());
            names.addAll(o.aliases());
        }
        if (freeForm) {
            names.add(io.drover.playbook.Task.RAW_PARAMS);
        }
        return names;
    }

    /** Argument names the module does not accept, in the order given; empty when all are known. */
    public List<String> unsupported(Iterable<String> given) {
        if (anyKeys) {
            return List.of();
        }
        Set<String> accepted = acceptedNames();
        List<String> unknown = new ArrayList<>();
        for (String name : given) {
            if (!accepted.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** Ansible's message for unknown arguments: the names sorted, then all aliases sorted in one parenthesis. */
    public String unsupportedMessage(String module, List<String> unknown) {
        String supported = options.stream().map(Option::name).sorted().collect(Collectors.joining(", "));
        String aliases = options.stream().flatMap(o -> o.aliases().stream()).sorted().collect(Collectors.joining(", "));
        if (!aliases.isEmpty()) {
            supported += " (" + aliases + ")";
        }
        return "Unsupported parameters for (" + module + ") module: " + String.join(", ", new TreeSet<>(unknown))
                + ". Supported parameters include: " + supported + ".";
    }

    /**
     * Checks and converts templated arguments: aliases resolved, defaults filled, types converted, choices and
     * constraints checked.
     */
    public Args validate(String module, Map<String, Object> given) throws ArgumentException {
        List<String> unknown = unsupported(given.keySet());
        if (!unknown.isEmpty()) {
            throw new ArgumentException(unsupportedMessage(module, unknown));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Object raw = given.get(io.drover.playbook.Task.RAW_PARAMS);
        if (raw != null) {
            values.put(io.drover.playbook.Task.RAW_PARAMS, raw);
        }
        List<String> missing = new ArrayList<>();
        for (Option o : options) {
            Object value = null;
            boolean present = false;
            for (String n : names(o)) {
                if (given.containsKey(n)) {
                    value = given.get(n);
                    present = true;
                    break;
                }
            }
            if (!present || value == null) {
                if (o.required() && !present) {
                    missing.add(o.name());
                }
                values.put(o.name(), o.defaultValue());
                continue;
            }
            Object converted = convert(o, value);
            if (!o.choices().isEmpty() && !o.choices().contains(String.valueOf(converted))) {
                throw new ArgumentException("value of " + o.name() + " must be one of: "
                        + String.join(", ", o.choices()) + ", got: " + converted);
            }
            values.put(o.name(), converted);
        }
        if (!missing.isEmpty()) {
            throw new ArgumentException("missing required arguments: " + String.join(", ", missing));
        }
        for (List<String> group : mutuallyExclusive) {
            long count = group.stream().filter(n -> values.get(n) != null).count();
            if (count > 1) {
                throw new ArgumentException("parameters are mutually exclusive: " + String.join("|", group));
            }
        }
        for (List<String> group : requiredOneOf) {
            if (group.stream().allMatch(n -> values.get(n) == null)) {
                throw new ArgumentException("one of the following is required: " + String.join(", ", group));
            }
        }
        if (anyKeys) {
            // Modules like set_fact take arbitrary names; undeclared ones pass through as given.
            given.forEach(values::putIfAbsent);
        }
        return new Args(values);
    }

    private static List<String> names(Option o) {
        List<String> names = new ArrayList<>();
        names.add(o.name());
        names.addAll(o.aliases());
        return names;
    }

    private static Object convert(Option o, Object value) throws ArgumentException {
        return switch (o.type()) {
            case RAW -> value;
            case STR, PATH -> value instanceof String s ? s : scalarToString(o, value);
            case BOOL -> toBool(o, value);
            case INT -> toInt(o, value);
            case FLOAT -> toFloat(o, value);
            case LIST -> value instanceof List<?> l ? l
                    : value instanceof String s ? Arrays.stream(s.split(",")).map(String::strip).toList()
                    : List.of(value);
            case DICT -> {
                if (value instanceof Map<?, ?> m) {
                    yield m;
                }
                throw typeError(o, value, "dict");
            }
        };
    }

    private static String scalarToString(Option o, Object value) throws ArgumentException {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            // Ansible converts containers to their Python repr with a warning; we render the same text.
            return io.drover.template.PythonRepr.repr(value);
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return String.valueOf(value);
    }

    static boolean toBool(Option o, Object value) throws ArgumentException {
        if (value instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(value).strip().toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "yes", "on", "1", "true", "y", "t", "1.0" -> true;
            case "no", "off", "0", "false", "n", "f", "0.0", "" -> false;
            default -> throw new ArgumentException("argument '" + o.name() + "' is of type "
                    + pyType(value) + " and we were unable to convert to bool: The value '" + value
                    + "' is not a valid boolean.  Valid booleans include: 0, 'on', 'f', 'false', 1, 'no', 'n', "
                    + "'1', '0', 't', 'y', 'off', 'yes', 'true'");
        };
    }

    private static Object toInt(Option o, Object value) throws ArgumentException {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw typeError(o, value, "int");
        }
    }

    private static Object toFloat(Option o, Object value) throws ArgumentException {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw typeError(o, value, "float");
        }
    }

    private static ArgumentException typeError(Option o, Object value, String type) {
        return new ArgumentException("argument '" + o.name() + "' is of type " + pyType(value)
                + " and we were unable to convert to " + type + ": " + value + " cannot be converted to " + type);
    }

    private static String pyType(Object value) {
        String t = value instanceof String ? "str" : value instanceof Boolean ? "bool"
                : value instanceof Number ? "int" : value instanceof List<?> ? "list" : value instanceof Map<?, ?> ? "dict"
                : "NoneType";
        return "<class '" + t + "'>";
    }

    /** Fluent construction of a spec. */
    public static final class Builder {
        private final List<Option> options = new ArrayList<>();
        private boolean freeForm;
        private boolean anyKeys;
        private final List<List<String>> exclusive = new ArrayList<>();
        private final List<List<String>> oneOf = new ArrayList<>();

        public Builder add(Option option) {
            options.add(option);
            return this;
        }

        public Builder freeForm() {
            this.freeForm = true;
            return this;
        }

        /** Accept argument names that are not declared (set_fact's variable names). */
        public Builder anyKeys() {
            this.anyKeys = true;
            return this;
        }

        public Builder mutuallyExclusive(String... names) {
            exclusive.add(List.of(names));
            return this;
        }

        public Builder requiredOneOf(String... names) {
            oneOf.add(List.of(names));
            return this;
        }

        public ArgSpec build() {
            return new ArgSpec(options, freeForm, anyKeys, exclusive, oneOf);
        }
    }
}
