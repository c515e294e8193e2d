package io.drover.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} output: {@code ", "}/{@code ": "} separators, optional indent and key sorting. Used by
 * the to_json filters and by the ansible-style printers, whose output is compared byte for byte with Ansible's.
 */
public final class PyJson {

    private PyJson() {
    }

    /** {@code json.dumps(v, sort_keys=True, ensure_ascii=False)}: one line. */
    public static String compact(Object value) {
        return dumps(value, 0, true, false);
    }

    /** {@code json.dumps(v, sort_keys=True, ensure_ascii=False, indent=4)}. */
    public static String indented(Object value) {
        return dumps(value, 4, true, false);
    }

    public static String dumps(Object value, int indent, boolean sortKeys, boolean ensureAscii) {
        StringBuilder sb = new StringBuilder();
        write(sb, Values.toPlain(value), indent, sortKeys, ensureAscii, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent, boolean sort, boolean ascii, int level) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : PythonRepr.floatRepr(d));
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof CharSequence s) {
            string(sb, s.toString(), ascii);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            if (sort) {
                entries.sort((a, b) -> Values.compare(keyText(a.getKey()), keyText(b.getKey())));
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : entries) {
                if (!first) {
                    sb.append(indent > 0 ? "," : ", ");
                }
                first = false;
                newline(sb, indent, level + 1);
                string(sb, keyText(e.getKey()), ascii);
                sb.append(": ");
                write(sb, e.getValue(), indent, sort, ascii, level + 1);
            }
            newline(sb, indent, level);
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    sb.append(indent > 0 ? "," : ", ");
                }
                first = false;
                newline(sb, indent, level + 1);
                write(sb, o, indent, sort, ascii, level + 1);
            }
            newline(sb, indent, level);
            sb.append(']');
        } else {
            string(sb, v.toString(), ascii);
        }
    }

    /** JSON object keys are strings; Python converts True/None/numbers the JSON way. */
    private static String keyText(Object k) {
        if (k == null) {
            return "null";
        } else if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        return k instanceof Double d ? PythonRepr.floatRepr(d) : k.toString();
    }

    private static void newline(StringBuilder sb, int indent, int level) {
        if (indent > 0) {
            sb.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static void string(StringBuilder sb, String s, boolean ascii) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (ascii && c > 0x7e)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
