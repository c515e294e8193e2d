package io.drover.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python {@code re} patterns and substitution templates on java.util.regex: {@code (?P<name>)}, {@code (?P=name)},
 * {@code \Z}, and group names with underscores (not allowed by Java) are translated; {@code \1} / {@code \g<name>}
 * in replacements are expanded by hand, so {@code $} stays literal as in Python.
 */
final class PyRegex {

    private static final Map<String, PyRegex> CACHE = new ConcurrentHashMap<>();

    final Pattern pattern;
    /** Python group name to Java group name. */
    final Map<String, String> names;

    private PyRegex(Pattern pattern, Map<String, String> names) {
        this.pattern = pattern;
        this.names = names;
    }

    static PyRegex compile(String python, boolean ignoreCase, boolean multiline) {
        String key = (ignoreCase ? "i" : "-") + (multiline ? "m" : "-") + python;
        PyRegex cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        Map<String, String> names = new HashMap<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '\\' && i + 1 < python.length()) {
                char n = python.charAt(i + 1);
                sb.append(n == 'Z' ? "\\z" : "\\" + n);
                i++;
            } else if (python.startsWith("(?P<", i)) {
                int close = python.indexOf('>', i);
                String name = python.substring(i + 4, close);
                String javaName = "g" + names.size() + "x" + name.replaceAll("[^A-Za-z0-9]", "");
                names.put(name, javaName);
                sb.append("(?<").append(javaName).append('>');
                i = close;
            } else if (python.startsWith("(?P=", i)) {
                int close = python.indexOf(')', i);
                sb.append("\\k<").append(names.get(python.substring(i + 4, close))).append('>');
                i = close;
            } else {
                sb.append(c);
            }
        }
        int flags = (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0) | (multiline ? Pattern.MULTILINE : 0);
        try {
            PyRegex r = new PyRegex(Pattern.compile(sb.toString(), flags), names);
            if (CACHE.size() > 5000) {
                CACHE.clear();
            }
            CACHE.put(key, r);
            return r;
        } catch (PatternSyntaxException e) {
            throw new FilterError("Invalid regular expression '" + python + "': " + e.getDescription());
        }
    }

    /** Python re.sub. */
    String sub(String input, String template, int count) {
        Matcher m = pattern.matcher(input);
        StringBuilder out = new StringBuilder();
        int last = 0;
        int n = 0;
        while ((count <= 0 || n < count) && m.find()) {
            out.append(input, last, m.start()).append(expand(m, template));
            last = m.end();
            n++;
        }
        return out.append(input, last, input.length()).toString();
    }

    /** Expands a Python replacement template ({@code \1}, {@code \g<1>}, {@code \g<name>}, escapes). */
    String expand(Matcher m, String template) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '\\' || i + 1 >= template.length()) {
                sb.append(c);
                continue;
            }
            char n = template.charAt(i + 1);
            if (Character.isDigit(n)) {
                int j = i + 1;
                while (j < template.length() && j < i + 3 && Character.isDigit(template.charAt(j))) {
                    j++;
                }
                String g = m.group(Integer.parseInt(template.substring(i + 1, j)));
                sb.append(g == null ? "" : g);
                i = j - 1;
            } else if (n == 'g' && i + 2 < template.length() && template.charAt(i + 2) == '<') {
                int close = template.indexOf('>', i);
                String g = group(m, template.substring(i + 3, close));
                sb.append(g == null ? "" : g);
                i = close;
            } else {
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\' -> sb.append('\\');
                    default -> sb.append('\\').append(n);
                }
                i++;
            }
        }
        return sb.toString();
    }

    String group(Matcher m, String ref) {
        if (ref.chars().allMatch(Character::isDigit)) {
            return m.group(Integer.parseInt(ref));
        }
        String javaName = names.get(ref);
        if (javaName == null) {
            throw new FilterError("unknown group name '" + ref + "'");
        }
        return m.group(javaName);
    }

    /** Python re.findall: whole matches, the single group, or a list of all groups per match. */
    List<Object> findall(String input) {
        Matcher m = pattern.matcher(input);
        List<Object> out = new ArrayList<>();
        while (m.find()) {
            if (m.groupCount() == 0) {
                out.add(m.group());
            } else if (m.groupCount() == 1) {
                out.add(m.group(1) == null ? "" : m.group(1));
            } else {
                List<Object> groups = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    groups.add(m.group(g) == null ? "" : m.group(g));
                }
                out.add(groups);
            }
        }
        return out;
    }
}
