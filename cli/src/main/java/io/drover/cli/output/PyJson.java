package io.drover.cli.output;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * JSON exactly as Python's {@code json.dumps(sort_keys=True, ensure_ascii=False)} writes it, because
 * ansible-playbook's output is compared byte for byte: compact form uses {@code ", "} and {@code ": "}, indented
 * form uses 4 spaces.
 */
public final class PyJson {
    private PyJson() {
    }

    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1, 0);
        return sb.toString();
    }

    public static String indented(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 4, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                sb.append("NaN");
            } else if (Double.isInfinite(d)) {
                sb.append(d > 0 ? "Infinity" : "-Infinity");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e16) {
                sb.append((long) d).append(".0");
            } else {
                sb.append(d);
            }
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof Map<?, ?> m) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            m.forEach((k, val) -> entries.add(Map.entry(keyString(k), val == null ? NULL : val)));
            entries.sort(Map.Entry.comparingByKey());
            if (entries.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                    if (indent < 0) {
                        sb.append(' ');
                    }
                }
                newline(sb, indent, depth + 1);
                string(sb, entries.get(i).getKey());
                sb.append(": ");
                Object val = entries.get(i).getValue();
                write(sb, val == NULL ? null : val, indent, depth + 1);
            }
            newline(sb, indent, depth);
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            int i = 0;
            for (Object o : c) {
                if (i++ > 0) {
                    sb.append(',');
                    if (indent < 0) {
                        sb.append(' ');
                    }
                }
                newline(sb, indent, depth + 1);
                write(sb, o, indent, depth + 1);
            }
            newline(sb, indent, depth);
            sb.append(']');
        } else {
            string(sb, v.toString());
        }
    }

    private static final Object NULL = new Object();

    private static String keyString(Object k) {
        if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        return k == null ? "null" : k.toString();
    }

    private static void newline(StringBuilder sb, int indent, int depth) {
        if (indent >= 0) {
            sb.append('\n');
            sb.append(" ".repeat(indent * depth));
        }
    }

    static void string(StringBuilder sb, String s) {
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
                    if (c < 0x20 || c == 0x7f) {
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
