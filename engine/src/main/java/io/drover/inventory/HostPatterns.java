package io.drover.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Text-level helpers for host patterns ({@code web:&prod:!web1}, {@code db[0:2]}, {@code ~regex}, globs):
 * splitting, ordering and name matching. Evaluation against groups and hosts lives in {@link Inventory}.
 */
final class HostPatterns {

    private HostPatterns() {
    }

    private static final Pattern WORDS = Pattern.compile("(?:[^\\s:\\[\\]]|\\[[^\\]]*\\])+");
    private static final Pattern SUBSCRIPT = Pattern.compile("^(.+)\\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\\]$");

    /** Splits on commas or, failing that, on colons that are not part of an address or a bracketed range. */
    static List<String> split(String pattern) {
        List<String> parts = new ArrayList<>();
        if (pattern.contains(",")) {
            for (String p : pattern.split(",", -1)) {
                addStripped(parts, p);
            }
        } else if (HostAddress.parseAddress(pattern, true) != null) {
            addStripped(parts, pattern);
        } else {
            Matcher m = WORDS.matcher(pattern);
            while (m.find()) {
                addStripped(parts, m.group());
            }
        }
        return parts;
    }

    static List<String> split(List<String> patterns) {
        List<String> parts = new ArrayList<>();
        for (String p : patterns) {
            parts.addAll(split(p));
        }
        return parts;
    }

    private static void addStripped(List<String> out, String s) {
        String t = s.strip();
        if (!t.isEmpty()) {
            out.add(t);
        }
    }

    /** Unions first, then {@code &} intersections, then {@code !} exclusions; {@code all} if there is no union. */
    static List<String> order(List<String> patterns) {
        List<String> regular = new ArrayList<>();
        List<String> intersect = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        for (String p : patterns) {
            if (p.isEmpty()) {
                continue;
            }
            switch (p.charAt(0)) {
                case '!' -> exclude.add(p);
                case '&' -> intersect.add(p);
                default -> regular.add(p);
            }
        }
        if (regular.isEmpty()) {
            regular.add(Group.ALL);
        }
        List<String> out = new ArrayList<>(regular);
        out.addAll(intersect);
        out.addAll(exclude);
        return out;
    }

    /** A subscript {@code [i]} or {@code [a:b]} (b inclusive; {@code end == -1} means "to the end"). */
    record Subscript(int start, Integer end) {
    }

    /** The pattern without its subscript, and the subscript if there was one. */
    record Split(String expression, Subscript subscript) {
    }

    static Split splitSubscript(String pattern, java.util.function.Consumer<String> warnings) {
        if (pattern.startsWith("~")) {
            return new Split(pattern, null);
        }
        Matcher m = SUBSCRIPT.matcher(pattern);
        if (!m.matches()) {
            return new Split(pattern, null);
        }
        if (m.group(2) != null) {
            return new Split(m.group(1), new Subscript(Integer.parseInt(m.group(2)), null));
        }
        if (m.group(4).equals("-")) {
            warnings.accept("Use [x:y] inclusive subscripts instead of [x-y] which has been removed");
        }
        int end = m.group(5).isEmpty() ? -1 : Integer.parseInt(m.group(5));
        return new Split(m.group(1), new Subscript(Integer.parseInt(m.group(3)), end));
    }

    /** Applies a subscript like Python slicing does; null when a single index is out of range. */
    static <T> List<T> applySubscript(List<T> items, Subscript s) {
        if (items.isEmpty() || s == null) {
            return items;
        }
        int n = items.size();
        // Ansible tests "if end:", so an end of 0 behaves like a single index
        if (s.end() != null && s.end() != 0) {
            int end = s.end() == -1 ? n - 1 : s.end();
            int from = Math.min(s.start(), n);
            int to = Math.min(end + 1, n);
            return from >= to ? List.of() : List.copyOf(items.subList(from, to));
        }
        int i = s.start() < 0 ? n + s.start() : s.start();
        if (i < 0 || i >= n) {
            return null;
        }
        return List.of(items.get(i));
    }

    /** True when the pattern can only match a name equal to itself (no glob characters, no regex). */
    static boolean isLiteral(String pattern) {
        return !pattern.startsWith("~") && pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0
                && pattern.indexOf('[') < 0;
    }

    /** Whether host names must be searched as well as group names (Ansible's rule). */
    static boolean searchesHosts(String pattern) {
        return pattern.startsWith("~") || pattern.indexOf('.') >= 0 || pattern.indexOf('?') >= 0
                || pattern.indexOf('*') >= 0 || pattern.indexOf('[') >= 0;
    }

    /**
     * A matcher for names: {@code ~re} is matched at the start of the name like Python's {@code re.match}, anything
     * else as a whole-name shell glob ({@code fnmatch}, case-sensitive).
     */
    static Pattern compile(String pattern) {
        try {
            if (pattern.startsWith("~")) {
                return Pattern.compile(pattern.substring(1));
            }
            return Pattern.compile(globToRegex(pattern), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Invalid host list pattern: " + pattern, e);
        }
    }

    static boolean matches(Pattern compiled, String pattern, String name) {
        Matcher m = compiled.matcher(name);
        return pattern.startsWith("~") ? m.lookingAt() : m.matches();
    }

    /** Python's {@code fnmatch.translate}; see {@link io.drover.text.Fnmatch}. */
    static String globToRegex(String glob) {
        return io.drover.text.Fnmatch.translate(glob);
    }
}
