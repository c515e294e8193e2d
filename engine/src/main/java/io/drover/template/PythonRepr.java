package io.drover.template;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code repr()} and {@code str()} of plain data, because Ansible shows values that way: loop labels
 * ({@code (item={'key': 'a', 'value': 1})}), containers rendered inside templates, {@code True}/{@code None}.
 */
public final class PythonRepr {

    private PythonRepr() {
    }

    /** {@code str(value)}: strings as they are, everything else as repr. */
    public static String str(Object value) {
        if (value instanceof CharSequence s) {
            return s.toString();
        }
        return repr(value);
    }

    public static String repr(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("None");
        } else if (value instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (value instanceof CharSequence s) {
            quote(sb, s.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isInfinite(d)) {
                sb.append(d > 0 ? "inf" : "-inf");
            } else if (Double.isNaN(d)) {
                sb.append("nan");
            } else {
                sb.append(floatRepr(d));
            }
        } else if (value instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                append(sb, e.getKey());
                sb.append(": ");
                append(sb, e.getValue());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
        } else if (value instanceof Tuple t) {
            sb.append('(');
            for (int i = 0; i < t.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                append(sb, t.get(i));
            }
            sb.append(t.size() == 1 ? ",)" : ")");
        } else if (value instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                append(sb, l.get(i));
            }
            sb.append(']');
        } else {
            sb.append(value);
        }
    }

    /**
     * Python's float repr: shortest round-tripping digits, positional notation for decimal exponents -4..15,
     * otherwise {@code 1e+20} style.
     */
    static String floatRepr(double d) {
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String plain = bd.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    /** Python picks single quotes unless the text contains a single quote and no double quote. */
    private static void quote(StringBuilder sb, String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == q) {
                        sb.append('\\');
                    }
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append(q);
    }
}
