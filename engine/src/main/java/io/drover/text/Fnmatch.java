package io.drover.text;

import java.util.regex.Pattern;

/**
 * Python's {@code fnmatch} on POSIX (case-sensitive): {@code *} matches any text including {@code /}, {@code ?} one
 * character, {@code [seq]} / {@code [!seq]} a class. Used for host patterns and for archive member filters.
 */
public final class Fnmatch {

    private Fnmatch() {
    }

    /** {@code fnmatch.fnmatchcase(name, glob)}. */
    public static boolean matches(String name, String glob) {
        return Pattern.compile(translate(glob), Pattern.DOTALL).matcher(name).matches();
    }

    /** Python's {@code fnmatch.translate}: {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}, as a Java regex. */
    public static String translate(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i++);
            if (c == '*') {
                re.append(".*");
                while (i < n && glob.charAt(i) == '*') {
                    i++;
                }
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && glob.charAt(j) == '!') {
                    j++;
                }
                if (j < n && glob.charAt(j) == ']') {
                    j++;
                }
                while (j < n && glob.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String stuff = glob.substring(i, j);
                    i = j + 1;
                    StringBuilder cls = new StringBuilder("[");
                    int k = 0;
                    if (stuff.startsWith("!")) {
                        cls.append('^');
                        k = 1;
                    } else if (stuff.startsWith("^")) {
                        cls.append("\\^");
                        k = 1;
                    }
                    for (; k < stuff.length(); k++) {
                        char sc = stuff.charAt(k);
                        if (sc == '\\' || sc == '[' || sc == '&' || sc == '~' || sc == '|') {
                            cls.append('\\');
                        }
                        cls.append(sc);
                    }
                    re.append(cls).append(']');
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
