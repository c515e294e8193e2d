package io.drover.template;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Python's {@code ast.literal_eval} for the data Ansible turns rendered text back into: strings (both quote kinds,
 * escapes, adjacent literals joined), ints, floats, {@code True/False/None} (and JSON's {@code true/false/null}),
 * lists, tuples (as lists), dicts. Anything else is "not a literal" and the caller keeps the text.
 */
public final class PythonLiteral {

    private final String s;
    private int pos;

    private PythonLiteral(String s) {
        this.s = s;
    }

    /** The value of {@code text} as a Python literal, or empty when it is not one. */
    public static Optional<Object> parse(String text) {
        PythonLiteral p = new PythonLiteral(text);
        try {
            Object v = p.value();
            p.skipSpace();
            if (p.pos != p.s.length()) {
                return Optional.empty();
            }
            return Optional.ofNullable(v).or(() -> Optional.of(NONE));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** Marker for a literal None inside {@link Optional}; {@link #parseOr} maps it back to null. */
    private static final Object NONE = new Object();

    /** {@code parse(text)} with None as null, or {@code fallback} when {@code text} is not a literal. */
    public static Object parseOr(String text, Object fallback) {
        Optional<Object> v = parse(text);
        if (v.isEmpty()) {
            return fallback;
        }
        return v.get() == NONE ? null : v.get();
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private Object value() {
        skipSpace();
        if (pos >= s.length()) {
            throw new IllegalArgumentException("end");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '[':
                pos++;
                return sequence(']');
            case '(': {
                pos++;
                skipSpace();
                int save = pos;
                List<Object> items = sequence(')');
                // "(x)" is just x, "(x,)" a tuple
                if (items.size() == 1 && s.lastIndexOf(',', pos - 1) < save) {
                    return items.get(0);
                }
                return items;
            }
            case '{':
                pos++;
                return dict();
            case '\'':
            case '"':
                return strings();
            default:
                break;
        }
        if (c == '-' || c == '+' || Character.isDigit(c) || c == '.') {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String word = s.substring(start, pos);
            skipSpace();
            // a string prefix like r'..' or b'..' is outside what we need; reject
            return switch (word) {
                case "True", "true" -> Boolean.TRUE;
                case "False", "false" -> Boolean.FALSE;
                case "None", "null" -> null;
                default -> throw new IllegalArgumentException(word);
            };
        }
        throw new IllegalArgumentException("unexpected " + c);
    }

    private List<Object> sequence(char close) {
        List<Object> out = new ArrayList<>();
        skipSpace();
        if (s.charAt(pos) == close) {
            pos++;
            return out;
        }
        while (true) {
            out.add(value());
            skipSpace();
            char c = s.charAt(pos++);
            if (c == close) {
                return out;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected ,");
            }
            skipSpace();
            if (s.charAt(pos) == close) {
                pos++;
                return out;
            }
        }
    }

    private Map<Object, Object> dict() {
        Map<Object, Object> out = new LinkedHashMap<>();
        skipSpace();
        if (s.charAt(pos) == '}') {
            pos++;
            return out;
        }
        while (true) {
            Object key = value();
            if (key instanceof List<?> || key instanceof Map<?, ?>) {
                throw new IllegalArgumentException("unhashable");
            }
            skipSpace();
            if (s.charAt(pos++) != ':') {
                throw new IllegalArgumentException("expected :");
            }
            out.put(key, value());
            skipSpace();
            char c = s.charAt(pos++);
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected ,");
            }
            skipSpace();
            if (s.charAt(pos) == '}') {
                pos++;
                return out;
            }
        }
    }

    private Object number() {
        int start = pos;
        boolean negative = false;
        while (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
            negative ^= s.charAt(pos) == '-';
            pos++;
            skipSpace();
        }
        int numStart = pos;
        if (s.startsWith("0x", pos) || s.startsWith("0X", pos) || s.startsWith("0o", pos) || s.startsWith("0O", pos)
                || s.startsWith("0b", pos) || s.startsWith("0B", pos)) {
            int radix = switch (Character.toLowerCase(s.charAt(pos + 1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            pos += 2;
            int ds = pos;
            while (pos < s.length() && (Character.digit(s.charAt(pos), radix) >= 0 || s.charAt(pos) == '_')) {
                pos++;
            }
            BigInteger v = new BigInteger(s.substring(ds, pos).replace("_", ""), radix);
            return integer(negative ? v.negate() : v);
        }
        boolean isFloat = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (Character.isDigit(c) || c == '_') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                isFloat = true;
                pos++;
                if ((c == 'e' || c == 'E') && pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
                    pos++;
                }
            } else {
                break;
            }
        }
        String text = s.substring(numStart, pos).replace("_", "");
        if (text.isEmpty() || start == pos) {
            throw new IllegalArgumentException("number");
        }
        if (isFloat) {
            double d = Double.parseDouble(text);
            return negative ? -d : d;
        }
        if (text.length() > 1 && text.charAt(0) == '0' && !text.chars().allMatch(ch -> ch == '0')) {
            throw new IllegalArgumentException("leading zeros");
        }
        BigInteger v = new BigInteger(text);
        return integer(negative ? v.negate() : v);
    }

    private static Object integer(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String strings() {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append(string());
            skipSpace();
        } while (pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"'));
        return sb.toString();
    }

    private String string() {
        char q = s.charAt(pos);
        boolean triple = s.startsWith(String.valueOf(q).repeat(3), pos);
        pos += triple ? 3 : 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(pos);
            if (c == q && (!triple || s.startsWith(String.valueOf(q).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                return sb.toString();
            }
            if (c == '\n' && !triple) {
                throw new IllegalArgumentException("EOL in string");
            }
            if (c == '\\') {
                pos = unescape(s, pos, sb);
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    /**
     * Decodes the Python escape starting at {@code at} (a backslash) into {@code sb}; returns the position after it.
     * Unknown escapes keep the backslash, as Python does.
     */
    static int unescape(String s, int at, StringBuilder sb) {
        char e = s.charAt(at + 1);
        int next = at + 2;
        switch (e) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case '\\' -> sb.append('\\');
            case '\'' -> sb.append('\'');
            case '"' -> sb.append('"');
            case 'a' -> sb.append('\u0007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'v' -> sb.append('\u000b');
            case '\n' -> { }
            case 'x' -> {
                sb.append((char) Integer.parseInt(s.substring(next, next + 2), 16));
                next += 2;
            }
            case 'u' -> {
                sb.append((char) Integer.parseInt(s.substring(next, next + 4), 16));
                next += 4;
            }
            case 'U' -> {
                sb.appendCodePoint(Integer.parseInt(s.substring(next, next + 8), 16));
                next += 8;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int end = at + 1;
                    while (end < s.length() && end < at + 4 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                        end++;
                    }
                    sb.append((char) Integer.parseInt(s.substring(at + 1, end), 8));
                    next = end;
                } else {
                    sb.append('\\').append(e);
                }
            }
        }
        return next;
    }
}
