package io.drover.modules.services;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code systemctl show} output into the {@code status} dict the systemd module returns, as ansible-core 2.14
 * does: one {@code Key=value} per line, values stripped, the first {@code =} splits. Only keys starting with
 * {@code Exec} may span lines: a value starting with <code>{</code> that does not end with <code>}</code> takes the
 * following lines up to one ending with <code>}</code>, joined with newlines. Any other value starting with
 * <code>{</code> (a Description, say) stays one line, so it cannot swallow the rest of the output.
 */
public final class SystemctlShow {
    private SystemctlShow() {
    }

    public static Map<String, Object> parse(String output) {
        Map<String, Object> parsed = new LinkedHashMap<>();
        StringBuilder multi = null;
        String key = null;
        for (String line : output.split("\n", -1)) {
            if (key == null) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = line.substring(0, eq);
                String v = line.substring(eq + 1);
                if (k.startsWith("Exec") && v.stripLeading().startsWith("{") && !v.stripTrailing().endsWith("}")) {
                    key = k;
                    multi = new StringBuilder(v);
                    continue;
                }
                parsed.put(k, strip(v));
            } else {
                multi.append('\n').append(line);
                if (line.stripTrailing().endsWith("}")) {
                    parsed.put(key, strip(multi.toString()));
                    key = null;
                    multi = null;
                }
            }
        }
        return parsed;
    }

    /** Python's str.strip(): ASCII whitespace and the other characters str.isspace() accepts. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && pySpace(s.charAt(start))) {
            start++;
        }
        while (end > start && pySpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean pySpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}
