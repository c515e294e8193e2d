package io.drover.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Python string operations that Java spells differently. */
final class Strings {

    private Strings() {
    }

    static String strip(String s, Object chars, boolean left, boolean right) {
        String set = chars == null ? null : Values.str(chars);
        int start = 0;
        int end = s.length();
        while (left && start < end && strippable(s.charAt(start), set)) {
            start++;
        }
        while (right && end > start && strippable(s.charAt(end - 1), set)) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean strippable(char c, String set) {
        return set == null ? Character.isWhitespace(c) : set.indexOf(c) >= 0;
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase() + s.substring(1).toLowerCase();
    }

    /** Python's str.title(): a letter after a non-letter is upper-cased, every other letter lower-cased. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean prevLetter = false;
        for (char c : s.toCharArray()) {
            sb.append(prevLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            prevLetter = Character.isLetter(c);
        }
        return sb.toString();
    }

    static String replace(String s, String old, String rep, int count) {
        if (count < 0) {
            return s.replace(old, rep);
        }
        StringBuilder sb = new StringBuilder();
        int start = 0;
        for (int n = 0; n < count; n++) {
            int i = s.indexOf(old, start);
            if (i < 0) {
                break;
            }
            sb.append(s, start, i).append(rep);
            start = i + old.length();
            if (old.isEmpty()) {
                if (start < s.length()) {
                    sb.append(s.charAt(start));
                }
                start++;
            }
        }
        if (start <= s.length()) {
            sb.append(s.substring(Math.min(start, s.length())));
        }
        return sb.toString();
    }

    static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1;
        }
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
            n++;
        }
        return n;
    }

    static String center(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        int total = width - s.length();
        int left = total / 2 + (total & width & 1);
        return " ".repeat(left) + s + " ".repeat(total - left);
    }

    static List<Object> splitlines(String s) {
        List<Object> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(s.substring(start, i));
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** Python str.format with {}, {0}, {name} and simple format specs ({:>5}, {:.2f}, {:d}). */
    static String format(String fmt, Object[] args) {
        List<Object> positional = new ArrayList<>();
        Map<?, ?> named = Map.of();
        for (Object a : args) {
            if (a instanceof com.hubspot.jinjava.el.ext.NamedParameter np) {
                if (named.isEmpty()) {
                    named = new java.util.HashMap<>();
                }
                @SuppressWarnings("unchecked")
                Map<Object, Object> m = (Map<Object, Object>) named;
                m.put(np.getName(), np.getValue());
            } else {
                positional.add(a);
            }
        }
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c == '{' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                sb.append('{');
                i++;
            } else if (c == '}' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                sb.append('}');
                i++;
            } else if (c == '{') {
                int close = fmt.indexOf('}', i);
                String field = fmt.substring(i + 1, close);
                String spec = "";
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                Object v;
                if (field.isEmpty()) {
                    v = positional.get(auto++);
                } else if (field.chars().allMatch(Character::isDigit)) {
                    v = positional.get(Integer.parseInt(field));
                } else {
                    v = named.get(field);
                }
                sb.append(formatSpec(v, spec));
                i = close;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String formatSpec(Object v, String spec) {
        if (spec.isEmpty()) {
            return Values.str(v);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?:(.)?([<>^]))?([+-])?(0)?(\\d+)?(,)?(?:\\.(\\d+))?([sdfxXobeE%])?").matcher(spec);
        if (!m.matches()) {
            return Values.str(v);
        }
        String type = m.group(8);
        String body;
        if ("f".equals(type) || (type == null && m.group(7) != null && Values.isNumber(v))) {
            int prec = m.group(7) == null ? 6 : Integer.parseInt(m.group(7));
            body = String.format("%." + prec + "f", Values.toDouble(v));
        } else if ("d".equals(type)) {
            body = Long.toString(Values.toLong(v));
        } else if ("x".equals(type) || "X".equals(type)) {
            body = Long.toHexString(Values.toLong(v));
            body = "X".equals(type) ? body.toUpperCase() : body;
        } else if ("o".equals(type)) {
            body = Long.toOctalString(Values.toLong(v));
        } else if ("b".equals(type)) {
            body = Long.toBinaryString(Values.toLong(v));
        } else {
            body = Values.str(v);
            if (m.group(7) != null) {
                body = body.substring(0, Math.min(body.length(), Integer.parseInt(m.group(7))));
            }
        }
        if ("+".equals(m.group(3)) && Values.isNumber(v) && Values.toDouble(v) >= 0) {
            body = "+" + body;
        }
        int width = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        if (body.length() >= width) {
            return body;
        }
        String fill = m.group(1) != null ? m.group(1) : m.group(4) != null ? "0" : " ";
        String align = m.group(2) != null ? m.group(2) : Values.isNumber(v) ? ">" : "<";
        int pad = width - body.length();
        return switch (align) {
            case ">" -> fill.repeat(pad) + body;
            case "^" -> fill.repeat(pad / 2) + body + fill.repeat(pad - pad / 2);
            default -> body + fill.repeat(pad);
        };
    }
}
