package io.drover.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Conversions of raw YAML values to the shapes the model wants, following Ansible's field types. */
final class Values {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Python keywords: never valid variable names. */
    private static final Set<String> PYTHON_KEYWORDS = Set.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
            "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
            "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

    private Values() {
    }

    /** Whether {@code name} may name a variable: an ASCII Python identifier that is not a keyword. */
    static boolean isIdentifier(Object name) {
        return name instanceof String s && IDENTIFIER.matcher(s).matches() && !PYTHON_KEYWORDS.contains(s);
    }

    /** Whether a string contains Jinja syntax (and so can only be resolved when the task runs). */
    static boolean isTemplate(Object value) {
        return value instanceof CharSequence cs && !(value instanceof io.drover.yaml.YamlLoader.UnsafeText)
                && (cs.toString().contains("{{") || cs.toString().contains("{%") || cs.toString().contains("{#"));
    }

    /** The Python type as Ansible names it in messages, e.g. {@code <class 'bool'>}. */
    static String pythonType(Object value) {
        String name;
        if (value == null) {
            name = "NoneType";
        } else if (value instanceof Boolean) {
            name = "bool";
        } else if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            name = "int";
        } else if (value instanceof Double || value instanceof Float) {
            name = "float";
        } else if (value instanceof CharSequence) {
            name = "str";
        } else if (value instanceof List<?>) {
            name = "list";
        } else if (value instanceof Map<?, ?>) {
            name = "dict";
        } else if (value instanceof java.util.Date || value instanceof java.time.temporal.TemporalAccessor) {
            name = "datetime.datetime";
        } else if (value instanceof byte[]) {
            name = "bytes";
        } else {
            name = value.getClass().getSimpleName();
        }
        return "<class '" + name + "'>";
    }

    /** A {@code when}-like value: absent or null = no condition, a list = all of them, anything else = one. */
    static List<Object> conditions(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (o != null) {
                    out.add(o);
                }
            }
            return out;
        }
        return List.of(value);
    }

    /** {@code notify}/{@code listen}: one name or a list of names. */
    static List<String> names(Object value) {
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o != null) {
                    out.add(String.valueOf(o));
                }
            }
        } else {
            out.add(String.valueOf(value));
        }
        return out;
    }

    /** {@code tags}: a comma separated string or a list; anything else is an error (null = no tags). */
    static List<String> tags(Object value) {
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof List<?> || o instanceof Map<?, ?> || o == null) {
                    throw new IllegalArgumentException("tags must be specified as a list");
                }
                out.add(String.valueOf(o));
            }
            return out;
        }
        if (value instanceof CharSequence cs) {
            for (String part : cs.toString().split(",", -1)) {
                out.add(part.strip());
            }
            return out;
        }
        // Ansible rejects a bare number or mapping here ("tags: 5"); "tags: [5]" is fine
        throw new IllegalArgumentException("tags must be specified as a list");
    }

    /** Ansible's boolean conversion; null when the value is not a recognisable boolean. */
    static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == 1 ? Boolean.TRUE : d == 0 ? Boolean.FALSE : null;
        }
        if (value instanceof CharSequence cs) {
            return switch (cs.toString().strip().toLowerCase(Locale.ROOT)) {
                case "yes", "on", "1", "true", "t", "y", "1.0" -> Boolean.TRUE;
                case "no", "off", "0", "false", "f", "n", "0.0", "" -> Boolean.FALSE;
                default -> null;
            };
        }
        return null;
    }

    /** Text form of a scalar written where a string is expected ({@code name: 42} is the name "42"). */
    static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
