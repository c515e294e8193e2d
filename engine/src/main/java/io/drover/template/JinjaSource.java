package io.drover.template;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites Jinja2 source so Jinjava reads it as Jinja2 would: string literals are re-encoded (Jinjava's lexer only
 * knows {@code \'} and {@code \\}, Python keeps unknown escapes such as {@code \d}), collection-qualified names
 * ({@code ansible.builtin.to_json}) lose their prefix, and every filter and test name used is collected so unknown
 * ones can be rejected up front as Jinja2 does (Jinjava would silently render nothing).
 *
 * <p>Ansible doubles backslashes inside string literals of {@code {{ }}} expressions of templated strings
 * ({@code escape_backslashes}), so there a literal's text is taken verbatim; inside {@code {% %}} and in template
 * files Python escapes apply.
 */
final class JinjaSource {

    /** The rewritten source and the filter and test names it uses. */
    record Rewritten(String source, Set<String> filters, Set<String> tests, Set<String> functions, String error) {
    }

    /**
     * Words that are operators or literals in Jinjava's expression language (JUEL) but ordinary names in Jinja2;
     * used as variable names they are renamed to {@link #RESERVED_PREFIX}{@code name}, as attributes they become
     * subscripts.
     */
    static final Set<String> RESERVED = Set.of("empty", "div", "mod", "eq", "ne", "lt", "gt", "le", "ge", "instanceof", "null");
    static final String RESERVED_PREFIX = "__drover_kw_";
    /** Function wrapping the arguments of a test call, unpacked by {@link Tests}. */
    static final String TEST_ARGS = "__drover_targs";

    /**
     * The expression of a template that is exactly one {@code {{ expr }}} block (already rewritten), or null.
     * Ansible treats such templates specially (the value of some filters stays text).
     */
    static Rewritten singleExpression(String source, boolean verbatimVariableStrings) {
        if (!source.startsWith("{{") || !source.endsWith("}}")) {
            return null;
        }
        JinjaSource j = new JinjaSource(source, verbatimVariableStrings);
        j.pos = 2;
        j.out.append("{{");
        j.scanExpression("}}", verbatimVariableStrings);
        if (j.pos != source.length() || j.error != null) {
            return null;
        }
        String expr = j.out.substring(2, j.out.length() - 2);
        if (expr.startsWith("-") || expr.endsWith("-") || expr.startsWith("+") || expr.endsWith("+")) {
            return null;
        }
        return new Rewritten(expr, j.filters, j.tests, j.functions, null);
    }

    private static final Pattern RAW_START = Pattern.compile("\\{%[-+]?\\s*raw\\s*[-+]?%}");
    private static final Pattern RAW_END = Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}");

    private final String src;
    private final boolean verbatimVariableStrings;
    private final StringBuilder out = new StringBuilder();
    private final Set<String> filters = new LinkedHashSet<>();
    private final Set<String> tests = new LinkedHashSet<>();
    private final Set<String> functions = new LinkedHashSet<>();
    private int pos;
    private String error;

    private JinjaSource(String src, boolean verbatimVariableStrings) {
        this.src = src;
        this.verbatimVariableStrings = verbatimVariableStrings;
    }

    /** Rewrites a whole template. */
    static Rewritten template(String source, boolean verbatimVariableStrings) {
        JinjaSource j = new JinjaSource(source, verbatimVariableStrings);
        j.scanTemplate();
        return new Rewritten(j.out.toString(), j.filters, j.tests, j.functions, j.error);
    }

    /** Rewrites a bare expression ({@code when:}); Python escapes apply. */
    static Rewritten expression(String expression) {
        return expression(expression, false);
    }

    static Rewritten expression(String expression, boolean verbatimStrings) {
        JinjaSource j = new JinjaSource(expression, verbatimStrings);
        j.scanExpression(null, verbatimStrings);
        return new Rewritten(j.out.toString(), j.filters, j.tests, j.functions, j.error);
    }

    private void scanTemplate() {
        while (pos < src.length()) {
            int open = src.indexOf('{', pos);
            if (open < 0 || open + 1 >= src.length()) {
                out.append(src, pos, src.length());
                return;
            }
            char kind = src.charAt(open + 1);
            if (kind != '{' && kind != '%' && kind != '#') {
                out.append(src, pos, open + 1);
                pos = open + 1;
                continue;
            }
            out.append(src, pos, open);
            pos = open;
            if (kind == '#') {
                int end = src.indexOf("#}", pos + 2);
                end = end < 0 ? src.length() : end + 2;
                out.append(src, pos, end);
                pos = end;
            } else if (kind == '%') {
                Matcher raw = RAW_START.matcher(src).region(pos, src.length());
                if (raw.lookingAt()) {
                    Matcher endRaw = RAW_END.matcher(src);
                    int end = endRaw.find(raw.end()) ? endRaw.end() : src.length();
                    out.append(src, pos, end);
                    pos = end;
                } else {
                    out.append("{%");
                    pos += 2;
                    scanExpression("%}", false);
                }
            } else {
                out.append("{{");
                pos += 2;
                scanExpression("}}", verbatimVariableStrings);
            }
        }
    }

    /** Copies expression tokens up to and including {@code end} (or to the end of input when null). */
    private void scanExpression(String end, boolean verbatimStrings) {
        String prev = "";
        String prevPrev = "";
        int depth = 0;
        while (pos < src.length()) {
            if (end != null && depth > 0 && src.startsWith("}}", pos)) {
                // a dict literal closing right before the delimiter: Jinja2's lexer balances braces, Jinjava's not
                out.append("} ");
                pos++;
                depth--;
                continue;
            }
            if (end != null && (src.startsWith(end, pos)
                    || (src.charAt(pos) == '-' || src.charAt(pos) == '+') && src.startsWith(end, pos + 1))) {
                int stop = src.indexOf(end, pos) + end.length();
                out.append(src, pos, stop);
                pos = stop;
                return;
            }
            char c = src.charAt(pos);
            if (c == '\'' || c == '"') {
                stringLiteral(c, verbatimStrings);
                prevPrev = prev;
                prev = "'";
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                        || src.charAt(pos) == '.' && pos + 1 < src.length()
                        && (Character.isLetter(src.charAt(pos + 1)) || src.charAt(pos + 1) == '_'))) {
                    pos++;
                }
                String word = src.substring(start, pos);
                boolean filterName = prev.equals("|");
                boolean testName = prev.equals("is") && !word.equals("not")
                        || prev.equals("not") && prevPrev.equals("is");
                if (filterName || testName) {
                    word = unqualify(word);
                    (filterName ? filters : tests).add(word);
                    if (testName && nextNonSpace() == '(') {
                        // Jinjava reads "is t(a, b)" as one tuple argument; pack the arguments explicitly
                        word = word + " " + TEST_ARGS;
                    }
                } else {
                    if (!prev.equals(".") && !word.contains(".") && nextNonSpace() == '(') {
                        functions.add(word);
                    }
                    word = renameReserved(word, prev.equals("."));
                }
                out.append(word);
                prevPrev = prev;
                prev = word;
            } else if (Character.isWhitespace(c)) {
                out.append(c);
                pos++;
            } else {
                if (c == '{') {
                    depth++;
                } else if (c == '}' && depth > 0) {
                    depth--;
                }
                out.append(c);
                pos++;
                if (c == '+' && pos < src.length() && !Character.isWhitespace(src.charAt(pos))
                        && !(end != null && src.startsWith(end, pos))) {
                    // Jinjava's scanner reads "+1" or "+x" as one token, so "1+1" would not parse
                    out.append(' ');
                }
                prevPrev = prev;
                prev = String.valueOf(c);
            }
        }
    }

    private char nextNonSpace() {
        int p = pos;
        while (p < src.length() && Character.isWhitespace(src.charAt(p))) {
            p++;
        }
        return p < src.length() ? src.charAt(p) : 0;
    }

    /** Renames JUEL keywords used as names in a dotted word ({@code x.empty} → {@code x['empty']}). */
    private static String renameReserved(String word, boolean afterDot) {
        String[] parts = word.split("\\.", -1);
        boolean any = false;
        for (String p : parts) {
            any |= RESERVED.contains(p);
        }
        if (!any) {
            return word;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == 0 && !afterDot) {
                sb.append(RESERVED.contains(p) ? RESERVED_PREFIX + p : p);
            } else if (RESERVED.contains(p)) {
                if (i == 0) {
                    // attribute right after a dot we already copied: cannot rewrite, leave for the parser to reject
                    sb.append(p);
                } else {
                    sb.append("['").append(p).append("']");
                }
            } else {
                sb.append(i == 0 ? "" : ".").append(p);
            }
        }
        return sb.toString();
    }

    /** {@code ansible.builtin.to_json} → {@code to_json}: our plugins live in one namespace. */
    static String unqualify(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    private void stringLiteral(char quote, boolean verbatim) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < src.length() && src.charAt(pos) != quote) {
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < src.length()) {
                if (verbatim) {
                    // Ansible doubled every backslash, so Jinja sees the text as written; a backslash cannot
                    // escape the quote there (Ansible then fails to parse, and so do we)
                    value.append(c);
                    pos++;
                } else {
                    pos = PythonLiteral.unescape(src, pos, value);
                }
            } else {
                value.append(c);
                pos++;
            }
        }
        if (pos >= src.length() && error == null) {
            error = "unexpected end of template, expected end of string literal";
        }
        pos++;
        out.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\'') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('\'');
    }
}
