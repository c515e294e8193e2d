package io.drover.inventory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small evaluator for Python literals, because INI inventory values go through Python's {@code ast.literal_eval}:
 * {@code 42} becomes an int, {@code True} a bool, {@code [1,2]} a list, {@code 'x' 'y'} the string "xy". Anything
 * that is not a valid literal stays the original string (that is how Ansible behaves, e.g. {@code 0755}).
 *
 * <p>Results use the same Java types as the YAML loader: Integer/Long/BigInteger, Double, Boolean, String,
 * {@code null}, List (also for tuples and sets) and LinkedHashMap.
 */
final class PythonLiteral {

    private final String src;
    private int pos;

    private PythonLiteral(String src) {
        this.src = src;
    }

    /** Python's {@code ast.literal_eval(text)} or the text itself when it is not a literal. */
    static Object evalOrString(String text) {
        Object v = eval(text, NOT_LITERAL);
        return v == NOT_LITERAL ? text : v;
    }

    /** Python's {@code ast.literal_eval(text)}, or {@code fallback} when the text is not a single literal. */
    static Object eval(String text, Object fallback) {
        // literal_eval strips leading spaces and tabs only; eval mode tolerates trailing whitespace and comments
        int start = 0;
        while (start < text.length() && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        PythonLiteral p = new PythonLiteral(text.substring(start));
        try {
            Object value = p.expression();
            p.skipSpace();
            if (p.peek() == ',') {
                // "1, 2" at top level is a tuple, as in Python's eval mode
                List<Object> tuple = new ArrayList<>();
                tuple.add(value);
                while (p.peek() == ',') {
                    p.pos++;
                    p.skipSpace();
                    if (p.pos == p.src.length()) {
                        break;
                    }
                    tuple.add(p.expression());
                    p.skipSpace();
                }
                value = tuple;
            }
            return p.pos == p.src.length() ? value : fallback;
        } catch (NotLiteral | NumberFormatException e) {
            return fallback;
        }
    }

    private static final Object NOT_LITERAL = new Object();
    private static final Object NONE = new Object();

    private static final class NotLiteral extends RuntimeException {
        NotLiteral() {
            super(null, null, false, false);
        }
    }

    private Object expression() {
        skipSpace();
        Object v = atom();
        return v == NONE ? null : v;
    }

    private Object atom() {
        skipSpace();
        if (pos >= src.length()) {
            throw new NotLiteral();
        }
        char c = src.charAt(pos);
        switch (c) {
            case '[':
                pos++;
                return new ArrayList<>(items(']'));
            case '(': {
                pos++;
                int before = pos;
                List<Object> items = items(')');
                // "(1)" is just a parenthesised value, "(1,)" and "()" are tuples
                String inner = src.substring(before, pos - 1).strip();
                if (items.size() == 1 && !inner.endsWith(",")) {
                    return items.get(0);
                }
                return new ArrayList<>(items);
            }
            case '{':
                pos++;
                return dictOrSet();
            case '-', '+': {
                pos++;
                skipSpace();
                Object n = number();
                if (c == '+') {
                    return n;
                }
                return negate(n);
            }
            default:
                break;
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            return number();
        }
        if (c == '\'' || c == '"' || isStringPrefix()) {
            return strings();
        }
        String word = identifier();
        return switch (word) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> NONE;
            default -> throw new NotLiteral();
        };
    }

    private List<Object> items(char close) {
        List<Object> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == close) {
                pos++;
                return out;
            }
            out.add(expression());
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == close) {
                pos++;
                return out;
            } else {
                throw new NotLiteral();
            }
        }
    }

    private Object dictOrSet() {
        skipSpace();
        if (peek() == '}') {
            pos++;
            return new LinkedHashMap<>();
        }
        Object first = expression();
        skipSpace();
        if (peek() != ':') {
            // a set literal; JSON and templates only know lists
            List<Object> set = new ArrayList<>();
            set.add(first);
            if (peek() == ',') {
                pos++;
                set.addAll(items('}'));
            } else if (peek() == '}') {
                pos++;
            } else {
                throw new NotLiteral();
            }
            return set.stream().distinct().collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        Object key = first;
        while (true) {
            expect(':');
            map.put(key, expression());
            skipSpace();
            char c = peek();
            if (c == '}') {
                pos++;
                return map;
            }
            if (c != ',') {
                throw new NotLiteral();
            }
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            key = expression();
            skipSpace();
        }
    }

    private Object number() {
        int start = pos;
        if (pos + 1 < src.length() && src.charAt(pos) == '0' && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
            char kind = Character.toLowerCase(src.charAt(pos + 1));
            int radix = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
            pos += 2;
            String digits = digits(radix, true);
            if (digits.isEmpty()) {
                throw new NotLiteral();
            }
            return integer(new BigInteger(digits, radix));
        }
        String intPart = digits(10, false);
        boolean isFloat = false;
        StringBuilder text = new StringBuilder(intPart);
        if (peek() == '.') {
            pos++;
            isFloat = true;
            text.append('.').append(digits(10, false));
        }
        if (peek() == 'e' || peek() == 'E') {
            int save = pos;
            pos++;
            StringBuilder exp = new StringBuilder("e");
            if (peek() == '+' || peek() == '-') {
                exp.append(src.charAt(pos++));
            }
            String expDigits = digits(10, false);
            if (expDigits.isEmpty()) {
                pos = save;
            } else {
                isFloat = true;
                text.append(exp).append(expDigits);
            }
        }
        if (peek() == 'j' || peek() == 'J' || pos == start || Character.isLetter(peek()) || peek() == '_') {
            // complex numbers cannot become JSON, and "1abc" is not a literal
            throw new NotLiteral();
        }
        if (isFloat) {
            return Double.parseDouble(text.toString());
        }
        // Python 3 forbids leading zeros in decimal integers, except for zero itself ("00")
        if (intPart.length() > 1 && intPart.charAt(0) == '0' && !intPart.chars().allMatch(ch -> ch == '0')) {
            throw new NotLiteral();
        }
        return integer(new BigInteger(intPart));
    }

    /** Digits with Python's single underscores between them. */
    private String digits(int radix, boolean leadingUnderscore) {
        StringBuilder sb = new StringBuilder();
        boolean lastUnderscore = false;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '_' && (sb.length() > 0 || leadingUnderscore) && !lastUnderscore) {
                lastUnderscore = true;
                pos++;
                continue;
            }
            if (Character.digit(c, radix) < 0 || c > 'z') {
                break;
            }
            sb.append(c);
            lastUnderscore = false;
            pos++;
        }
        if (lastUnderscore) {
            throw new NotLiteral();
        }
        return sb.toString();
    }

    static Object integer(BigInteger value) {
        if (value.bitLength() < 32) {
            return value.intValue();
        }
        if (value.bitLength() < 64) {
            return value.longValue();
        }
        return value;
    }

    private static Object negate(Object n) {
        if (n instanceof Double d) {
            return -d;
        }
        if (n instanceof Integer i) {
            return integer(BigInteger.valueOf(i).negate());
        }
        if (n instanceof Long l) {
            return integer(BigInteger.valueOf(l).negate());
        }
        return integer(((BigInteger) n).negate());
    }

    private boolean isStringPrefix() {
        int i = pos;
        while (i < src.length() && i - pos < 2 && "rRbBuUfF".indexOf(src.charAt(i)) >= 0) {
            i++;
        }
        return i > pos && i < src.length() && (src.charAt(i) == '\'' || src.charAt(i) == '"');
    }

    /** One or more adjacent string literals, concatenated like Python does at parse time. */
    private String strings() {
        StringBuilder out = new StringBuilder();
        do {
            out.append(string());
            skipSpace();
        } while (pos < src.length() && (peek() == '\'' || peek() == '"' || isStringPrefix()));
        return out.toString();
    }

    private String string() {
        boolean raw = false;
        while ("rRbBuUfF".indexOf(peek()) >= 0) {
            char p = src.charAt(pos++);
            if (p == 'f' || p == 'F') {
                throw new NotLiteral();
            }
            raw |= p == 'r' || p == 'R';
        }
        char quote = src.charAt(pos);
        boolean triple = src.startsWith(String.valueOf(quote).repeat(3), pos);
        pos += triple ? 3 : 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw new NotLiteral();
            }
            char c = src.charAt(pos);
            if (triple ? src.startsWith(String.valueOf(quote).repeat(3), pos) : c == quote) {
                pos += triple ? 3 : 1;
                return sb.toString();
            }
            if (!triple && c == '\n') {
                throw new NotLiteral();
            }
            if (c == '\\' && pos + 1 < src.length()) {
                if (raw) {
                    sb.append(c).append(src.charAt(pos + 1));
                    pos += 2;
                } else {
                    escape(sb);
                }
                continue;
            }
            sb.append(c);
            pos++;
        }
    }

    private void escape(StringBuilder sb) {
        char e = src.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case '\n' -> { }
            case '\\' -> sb.append('\\');
            case '\'' -> sb.append('\'');
            case '"' -> sb.append('"');
            case 'a' -> sb.append('\u0007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'v' -> sb.append('\u000b');
            case 'x' -> sb.appendCodePoint(hex(2));
            case 'u' -> sb.appendCodePoint(hex(4));
            case 'U' -> sb.appendCodePoint(hex(8));
            default -> {
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    for (int i = 0; i < 2 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7'; i++) {
                        v = v * 8 + (src.charAt(pos++) - '0');
                    }
                    sb.append((char) v);
                } else {
                    // unknown escapes keep their backslash in Python
                    sb.append('\\').append(e);
                }
            }
        }
    }

    private int hex(int count) {
        if (pos + count > src.length()) {
            throw new NotLiteral();
        }
        try {
            int v = Integer.parseUnsignedInt(src.substring(pos, pos + count), 16);
            pos += count;
            if (!Character.isValidCodePoint(v)) {
                throw new NotLiteral();
            }
            return v;
        } catch (NumberFormatException ex) {
            throw new NotLiteral();
        }
    }

    private String identifier() {
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw new NotLiteral();
        }
        return src.substring(start, pos);
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) {
            throw new NotLiteral();
        }
        pos++;
    }

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : '\0';
    }

    /** Whitespace, line continuations and a trailing {@code #} comment are all invisible to the Python parser. */
    private void skipSpace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r') {
                pos++;
            } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                pos += 2;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                break;
            }
        }
    }
}
