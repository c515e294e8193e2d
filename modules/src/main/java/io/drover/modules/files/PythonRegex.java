package io.drover.modules.files;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Python {@code re} pattern compiled from bytes, as lineinfile and blockinfile compile theirs
 * ({@code re.compile(to_bytes(regexp))}), run by {@link java.util.regex}. Text and pattern are "byte strings": each
 * char is one byte (ISO-8859-1 of the UTF-8 bytes), so {@code .}, quantifiers and classes act on bytes as Python's
 * bytes patterns do, and {@code \w \d \s}, {@code \b} and case folding stay ASCII-only.
 *
 * <p>The Python pattern is translated, not passed through: {@code (?P<name>...)} and {@code (?P=name)} (Java group
 * names allow no underscore, so groups are renamed), {@code \Z} → {@code \z}, {@code \v} (Java: a class) →
 * {@code \x0b}, octal escapes, {@code {} } that is not a quantifier is a literal brace, {@code {,n}} gets its 0,
 * {@code [} and {@code &&} inside a class are literals, {@code ]} first in a class is literal, {@code (?#...)} is
 * dropped, verbose mode ({@code x}) is applied here because Java's comments mode also ignores blanks inside classes,
 * {@code ^} in multiline mode also matches after a final newline, {@code $} sees only {@code \n} (UNIX_LINES), and
 * {@code \b}/{@code \B} are spelled with {@code \w} lookarounds. Escapes Python rejects ({@code \p}, {@code \Q},
 * {@code \\u} in a bytes pattern...) fail with Python's message.
 *
 * <p>Not translatable: conditional groups {@code (?(1)yes|no)} fail with a message saying so. Python rejects a
 * variable-width look-behind that Java accepts when bounded; such patterns run here instead of failing. Error
 * positions are Python's for the common errors, approximate for the rest.
 */
final class PythonRegex {

    /** A pattern or template Python's {@code re} rejects; the message is {@code re.error}'s text. */
    static final class Error extends Exception {
        private final String type;

        Error(String message) {
            this("re.error", message);
        }

        Error(String type, String message) {
            super(message);
            this.type = type;
        }

        /** Python's exception class name, e.g. {@code re.error} or {@code IndexError}. */
        String type() {
            return type;
        }
    }

    private final Pattern pattern;
    private final Map<String, Integer> groupIndex;
    private final int groups;
    private final boolean multiline;

    private PythonRegex(Pattern pattern, Map<String, Integer> groupIndex, int groups, boolean multiline) {
        this.pattern = pattern;
        this.groupIndex = groupIndex;
        this.groups = groups;
        this.multiline = multiline;
    }

    /** Compiles a pattern given as bytes (one char per byte). */
    static PythonRegex compile(String bytes) throws Error {
        Translator t = new Translator(bytes);
        String java = t.translate();
        int flags = Pattern.UNIX_LINES;
        if (t.ignoreCase) {
            flags |= Pattern.CASE_INSENSITIVE;
        }
        if (t.multilineGlobal) {
            flags |= Pattern.MULTILINE;
        }
        if (t.dotAll) {
            flags |= Pattern.DOTALL;
        }
        try {
            return new PythonRegex(Pattern.compile(java, flags), Map.copyOf(t.names), t.groupCount, t.multilineGlobal);
        } catch (PatternSyntaxException e) {
            throw new Error(e.getDescription() + " at position " + Math.max(0, e.getIndex()));
        }
    }

    /** Whether the pattern's global flags include MULTILINE ({@code (?m)}), as {@code regex.flags & re.M} tells. */
    boolean multiline() {
        return multiline;
    }

    Matcher matcher(CharSequence text) {
        return pattern.matcher(text);
    }

    /** {@code regex.search(text) is not None}. */
    boolean search(CharSequence text) {
        return pattern.matcher(text).find();
    }

    /**
     * {@code match.expand(template)}: {@code \1}, {@code \g<1>}, {@code \g<name>} (unmatched groups give nothing),
     * {@code \n}-style escapes and octal escapes; other escapes of non-letters stay as written.
     */
    String expand(MatchResult m, String template) throws Error {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i++);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= n) {
                throw new Error("bad escape (end of pattern) at position " + (i - 1));
            }
            int start = i - 1;
            char e = template.charAt(i++);
            if (e == 'g') {
                if (i >= n || template.charAt(i) != '<') {
                    throw new Error("missing < at position " + i);
                }
                int close = template.indexOf('>', i + 1);
                if (close < 0) {
                    throw new Error("missing >, unterminated name at position " + (i + 1));
                }
                String name = template.substring(i + 1, close);
                if (name.isEmpty()) {
                    throw new Error("missing group name at position " + (i + 1));
                }
                int index;
                if (isIdentifier(name)) {
                    Integer at = groupIndex.get(name);
                    if (at == null) {
                        throw new Error("IndexError", "unknown group name '" + name + "'");
                    }
                    index = at;
                } else if (name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    index = Integer.parseInt(name);
                    if (index > groups) {
                        throw new Error("invalid group reference " + index + " at position " + (i + 1));
                    }
                } else {
                    throw new Error("bad character in group name '" + name + "' at position " + (i + 1));
                }
                appendGroup(out, m, index);
                i = close + 1;
            } else if (e == '0') {
                int end = i;
                while (end < n && end < i + 2 && isOctal(template.charAt(end))) {
                    end++;
                }
                out.append((char) (Integer.parseInt("0" + template.substring(i, end), 8) & 0xff));
                i = end;
            } else if (e >= '1' && e <= '9') {
                String digits = String.valueOf(e);
                if (i < n && isDigit(template.charAt(i))) {
                    digits += template.charAt(i++);
                    if (isOctal(e) && isOctal(digits.charAt(1)) && i < n && isOctal(template.charAt(i))) {
                        digits += template.charAt(i++);
                        int v = Integer.parseInt(digits, 8);
                        if (v > 0377) {
                            throw new Error("octal escape value \\" + digits + " outside of range 0-0o377 at position "
                                    + start);
                        }
                        out.append((char) v);
                        continue;
                    }
                }
                int index = Integer.parseInt(digits);
                if (index > groups) {
                    throw new Error("invalid group reference " + index + " at position " + (start + 1));
                }
                appendGroup(out, m, index);
            } else {
                int simple = simpleEscape(e);
                if (simple >= 0) {
                    out.append((char) simple);
                } else if (isAsciiLetter(e)) {
                    throw new Error("bad escape \\" + e + " at position " + start);
                } else {
                    out.append('\\').append(e);
                }
            }
        }
        return out.toString();
    }

    private static void appendGroup(StringBuilder out, MatchResult m, int index) {
        String g = m.group(index);
        if (g != null) {
            out.append(g);
        }
    }

    /** Python's ESCAPES table: {@code \a \b \f \n \r \t \v \\}; -1 for others. */
    private static int simpleEscape(char e) {
        return switch (e) {
            case 'a' -> 7;
            case 'b' -> 8;
            case 'f' -> 12;
            case 'n' -> 10;
            case 'r' -> 13;
            case 't' -> 9;
            case 'v' -> 11;
            case '\\' -> '\\';
            default -> -1;
        };
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return c < 128 && Character.isLetter(c);
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }

    /** One pass over the Python pattern, writing the Java one. */
    private static final class Translator {
        private final String src;
        private int pos;
        private final StringBuilder out = new StringBuilder();
        final Map<String, Integer> names = new LinkedHashMap<>();
        private final Set<Integer> open = new HashSet<>();
        private final Deque<int[]> stack = new ArrayDeque<>();
        int groupCount;
        boolean ignoreCase;
        boolean multilineGlobal;
        boolean dotAll;
        private boolean verbose;
        private boolean multiline;

        Translator(String src) {
            this.src = src;
        }

        String translate() throws Error {
            globalFlags();
            boolean atomStart = false;
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (verbose && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b)) {
                    pos++;
                    continue;
                }
                if (verbose && c == '#') {
                    while (pos < src.length() && src.charAt(pos) != '\n') {
                        pos++;
                    }
                    continue;
                }
                int at = pos++;
                switch (c) {
                    case '\\' -> escape(at);
                    case '[' -> charClass(at);
                    case '(' -> group(at);
                    case ')' -> {
                        if (stack.isEmpty()) {
                            throw new Error("unbalanced parenthesis at position " + at);
                        }
                        int[] saved = stack.pop();
                        verbose = saved[0] == 1;
                        multiline = saved[1] == 1;
                        if (saved[2] > 0) {
                            open.remove(saved[2]);
                        }
                        out.append(')');
                    }
                    case '{' -> brace(at);
                    case '^' -> out.append(multiline ? "(?<![^\\n])" : "^");
                    case '.', '*', '+', '?', '|', '$' -> out.append(c);
                    default -> literal(c);
                }
            }
            if (!stack.isEmpty()) {
                throw new Error("missing ), unterminated subpattern at position " + src.lastIndexOf('('));
            }
            return out.toString();
        }

        /** Leading {@code (?aiLmsux)} groups set the whole pattern's flags (Python 3.11 allows them only there). */
        private void globalFlags() throws Error {
            while (src.startsWith("(?", pos)) {
                int end = pos + 2;
                while (end < src.length() && "aiLmsuxt".indexOf(src.charAt(end)) >= 0) {
                    end++;
                }
                if (end == pos + 2 || end >= src.length() || src.charAt(end) != ')') {
                    return;
                }
                for (int i = pos + 2; i < end; i++) {
                    switch (src.charAt(i)) {
                        case 'i' -> ignoreCase = true;
                        case 'm' -> {
                            multilineGlobal = true;
                            multiline = true;
                        }
                        case 's' -> dotAll = true;
                        case 'x' -> verbose = true;
                        case 'u' -> throw new Error("bad inline flags: cannot use 'u' flag with a bytes pattern at position "
                                + (i + 1));
                        default -> {
                            // a, L, t: ASCII/locale/template change nothing for a bytes pattern.
                        }
                    }
                }
                pos = end + 1;
            }
        }

        private void literal(char c) {
            if (c < 128 && Character.isLetterOrDigit(c)) {
                out.append(c);
            } else {
                out.append(String.format("\\x%02x", (int) c));
            }
        }

        private void escape(int at) throws Error {
            if (pos >= src.length()) {
                throw new Error("bad escape (end of pattern) at position " + at);
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'A' -> out.append("\\A");
                case 'Z' -> out.append("\\z");
                case 'b' -> out.append("(?:(?<=\\w)(?!\\w)|(?<!\\w)(?=\\w))");
                case 'B' -> out.append("(?:(?<=\\w)(?=\\w)|(?<!\\w)(?!\\w))");
                case 'd', 'D', 's', 'S', 'w', 'W' -> out.append('\\').append(e);
                case 'x' -> literal(hex(at));
                case '0' -> literal(octal(0, 2));
                default -> {
                    if (e >= '1' && e <= '9') {
                        backReference(at, e);
                    } else if (simpleEscape(e) >= 0) {
                        literal((char) simpleEscape(e));
                    } else if (isAsciiLetter(e)) {
                        throw new Error("bad escape \\" + e + " at position " + at);
                    } else {
                        literal(e);
                    }
                }
            }
        }

        private char hex(int at) throws Error {
            int end = pos;
            while (end < src.length() && end < pos + 2 && Character.digit(src.charAt(end), 16) >= 0
                    && src.charAt(end) < 128) {
                end++;
            }
            if (end - pos != 2) {
                throw new Error("incomplete escape \\x" + src.substring(pos, end) + " at position " + at);
            }
            char v = (char) Integer.parseInt(src.substring(pos, end), 16);
            pos = end;
            return v;
        }

        /** Up to {@code more} further octal digits after {@code first}. */
        private char octal(int first, int more) throws Error {
            int v = first;
            int end = pos;
            while (end < src.length() && end < pos + more && isOctal(src.charAt(end))) {
                v = v * 8 + (src.charAt(end) - '0');
                end++;
            }
            if (v > 0377) {
                throw new Error("octal escape value \\" + Integer.toOctalString(v) + " outside of range 0-0o377 at position "
                        + (pos - 2));
            }
            pos = end;
            return (char) v;
        }

        private void backReference(int at, char first) throws Error {
            String digits = String.valueOf(first);
            if (pos < src.length() && isDigit(src.charAt(pos))) {
                digits += src.charAt(pos++);
                if (isOctal(digits.charAt(0)) && isOctal(digits.charAt(1)) && pos < src.length()
                        && isOctal(src.charAt(pos))) {
                    int v = Integer.parseInt(digits + src.charAt(pos++), 8);
                    if (v > 0377) {
                        throw new Error("octal escape value \\" + Integer.toOctalString(v)
                                + " outside of range 0-0o377 at position " + at);
                    }
                    literal((char) v);
                    return;
                }
            }
            int group = Integer.parseInt(digits);
            refer(group, at);
        }

        private void refer(int group, int at) throws Error {
            if (group > groupCount) {
                throw new Error("invalid group reference " + group + " at position " + (at + 1));
            }
            if (open.contains(group)) {
                throw new Error("cannot refer to an open group at position " + at);
            }
            out.append("(?:\\").append(group).append(')');
        }

        private void charClass(int at) throws Error {
            StringBuilder set = new StringBuilder();
            boolean negate = false;
            if (pos < src.length() && src.charAt(pos) == '^') {
                negate = true;
                pos++;
            }
            boolean any = false;
            while (true) {
                if (pos >= src.length()) {
                    throw new Error("unterminated character set at position " + at);
                }
                int itemAt = pos;
                char c = src.charAt(pos++);
                if (c == ']' && any) {
                    break;
                }
                any = true;
                int lo = c == '\\' ? classEscape(itemAt, set) : c;
                if (pos < src.length() && src.charAt(pos) == '-') {
                    pos++;
                    if (pos >= src.length()) {
                        throw new Error("unterminated character set at position " + at);
                    }
                    int thatAt = pos;
                    char that = src.charAt(pos++);
                    if (that == ']') {
                        if (lo >= 0) {
                            classLiteral(set, (char) lo);
                        }
                        classLiteral(set, '-');
                        break;
                    }
                    int hi = that == '\\' ? classEscape(thatAt, null) : that;
                    if (lo < 0 || hi < 0 || hi < lo) {
                        throw new Error("bad character range " + src.substring(itemAt, pos) + " at position " + itemAt);
                    }
                    classLiteral(set, (char) lo);
                    set.append('-');
                    classLiteral(set, (char) hi);
                } else if (lo >= 0) {
                    classLiteral(set, (char) lo);
                }
            }
            out.append('[').append(negate ? "^" : "").append(set).append(']');
        }

        private static void classLiteral(StringBuilder set, char c) {
            if (c < 128 && Character.isLetterOrDigit(c)) {
                set.append(c);
            } else {
                set.append(String.format("\\x%02x", (int) c));
            }
        }

        /**
         * An escape inside a class: the character it stands for, or -1 after appending a category such as
         * {@code \d} to {@code set} (a category cannot bound a range; {@code set} null means it would).
         */
        private int classEscape(int at, StringBuilder set) throws Error {
            if (pos >= src.length()) {
                throw new Error("unterminated character set at position " + at);
            }
            char e = src.charAt(pos++);
            if (simpleEscape(e) >= 0) {
                return simpleEscape(e);
            }
            switch (e) {
                case 'd', 'D', 's', 'S', 'w', 'W' -> {
                    if (set == null) {
                        return -1;
                    }
                    set.append('\\').append(e);
                    return -1;
                }
                case 'x' -> {
                    return hex(at);
                }
                default -> {
                    if (isOctal(e)) {
                        return octal(e - '0', 2);
                    }
                    if (isDigit(e) || isAsciiLetter(e)) {
                        throw new Error("bad escape \\" + e + " at position " + at);
                    }
                    return e;
                }
            }
        }

        private void brace(int at) throws Error {
            int p = pos;
            if (p < src.length() && src.charAt(p) == '}') {
                literal('{');
                return;
            }
            int loStart = p;
            while (p < src.length() && isDigit(src.charAt(p))) {
                p++;
            }
            String lo = src.substring(loStart, p);
            String hi;
            boolean comma = p < src.length() && src.charAt(p) == ',';
            if (comma) {
                p++;
                int hiStart = p;
                while (p < src.length() && isDigit(src.charAt(p))) {
                    p++;
                }
                hi = src.substring(hiStart, p);
            } else {
                hi = lo;
            }
            if (p >= src.length() || src.charAt(p) != '}') {
                literal('{');
                return;
            }
            if (!lo.isEmpty() && !hi.isEmpty() && new java.math.BigInteger(hi).compareTo(new java.math.BigInteger(lo)) < 0) {
                throw new Error("min repeat greater than max repeat at position " + (loStart));
            }
            pos = p + 1;
            out.append('{').append(lo.isEmpty() ? "0" : lo);
            if (comma) {
                out.append(',').append(hi);
            }
            out.append('}');
        }

        private void group(int at) throws Error {
            int[] saved = {verbose ? 1 : 0, multiline ? 1 : 0, 0};
            if (pos >= src.length() || src.charAt(pos) != '?') {
                groupCount++;
                open.add(groupCount);
                saved[2] = groupCount;
                stack.push(saved);
                out.append('(');
                return;
            }
            pos++;
            if (pos >= src.length()) {
                throw new Error("unexpected end of pattern at position " + pos);
            }
            char c = src.charAt(pos++);
            switch (c) {
                case ':', '=', '!', '>' -> {
                    stack.push(saved);
                    out.append("(?").append(c);
                }
                case '<' -> {
                    char d = pos < src.length() ? src.charAt(pos++) : 0;
                    if (d != '=' && d != '!') {
                        throw new Error("unknown extension ?<" + (d == 0 ? "" : String.valueOf(d)) + " at position "
                                + (at + 1));
                    }
                    stack.push(saved);
                    out.append("(?<").append(d);
                }
                case '#' -> {
                    int close = src.indexOf(')', pos);
                    if (close < 0) {
                        throw new Error("missing ), unterminated comment at position " + at);
                    }
                    pos = close + 1;
                }
                case 'P' -> named(at, saved);
                case '(' -> throw new Error("conditional groups (?(...)...) are not supported by Drover at position " + at);
                default -> {
                    if ("aiLmsuxt-".indexOf(c) >= 0) {
                        scopedFlags(at, c, saved);
                    } else {
                        throw new Error("unknown extension ?" + c + " at position " + (at + 1));
                    }
                }
            }
        }

        private void named(int at, int[] saved) throws Error {
            char kind = pos < src.length() ? src.charAt(pos++) : 0;
            if (kind == '<') {
                int close = src.indexOf('>', pos);
                if (close < 0) {
                    throw new Error("missing >, unterminated name at position " + pos);
                }
                String name = src.substring(pos, close);
                if (name.isEmpty()) {
                    throw new Error("missing group name at position " + pos);
                }
                if (!isIdentifier(name) || name.chars().anyMatch(ch -> ch >= 128)) {
                    throw new Error("bad character in group name '" + name + "' at position " + pos);
                }
                if (names.containsKey(name)) {
                    throw new Error("redefinition of group name '" + name + "' as group " + (groupCount + 1)
                            + "; was group " + names.get(name) + " at position " + pos);
                }
                pos = close + 1;
                groupCount++;
                names.put(name, groupCount);
                open.add(groupCount);
                saved[2] = groupCount;
                stack.push(saved);
                out.append('(');
            } else if (kind == '=') {
                int close = src.indexOf(')', pos);
                if (close < 0) {
                    throw new Error("missing ), unterminated name at position " + pos);
                }
                String name = src.substring(pos, close);
                Integer group = names.get(name);
                if (group == null) {
                    throw new Error("unknown group name '" + name + "' at position " + pos);
                }
                pos = close + 1;
                refer(group, at);
            } else {
                throw new Error("unknown extension ?P" + (kind == 0 ? "" : String.valueOf(kind)) + " at position "
                        + (at + 1));
            }
        }

        private void scopedFlags(int at, char first, int[] saved) throws Error {
            StringBuilder on = new StringBuilder();
            StringBuilder off = new StringBuilder();
            boolean negative = first == '-';
            char c = first;
            while (true) {
                if (c == ':') {
                    break;
                }
                if (c == ')') {
                    throw new Error("global flags not at the start of the expression at position " + at);
                }
                if (c == '-') {
                    if (negative && !off.isEmpty() || on.indexOf("-") >= 0) {
                        throw new Error("missing : at position " + pos);
                    }
                    negative = true;
                } else if ("aiLmsuxt".indexOf(c) >= 0) {
                    if (c == 'u') {
                        throw new Error("bad inline flags: cannot use 'u' flag with a bytes pattern at position " + pos);
                    }
                    if (negative && "aLu".indexOf(c) >= 0) {
                        throw new Error("bad inline flags: cannot turn off flags 'a', 'u' and 'L' at position " + pos);
                    }
                    (negative ? off : on).append(c);
                } else {
                    throw new Error((Character.isLetter(c) ? "unknown flag" : "missing -, : or )") + " at position "
                            + (pos - 1));
                }
                if (pos >= src.length()) {
                    throw new Error("missing -, : or ) at position " + pos);
                }
                c = src.charAt(pos++);
            }
            stack.push(saved);
            verbose = (verbose || on.indexOf("x") >= 0) && off.indexOf("x") < 0;
            multiline = (multiline || on.indexOf("m") >= 0) && off.indexOf("m") < 0;
            StringBuilder java = new StringBuilder("(?");
            for (char f : on.toString().toCharArray()) {
                if ("ims".indexOf(f) >= 0) {
                    java.append(f);
                }
            }
            StringBuilder javaOff = new StringBuilder();
            for (char f : off.toString().toCharArray()) {
                if ("ims".indexOf(f) >= 0) {
                    javaOff.append(f);
                }
            }
            if (!javaOff.isEmpty()) {
                java.append('-').append(javaOff);
            }
            out.append(java).append(':');
        }
    }
}
