package io.drover.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code shlex.split(text)} (POSIX mode, no comments), the one splitter for text Ansible splits with shlex:
 * the command module's free form, {@code -e k=v} values, ssh_args. Only quotes and backslashes are interpreted; no
 * expansion happens here.
 */
public final class Shlex {

    /** shlex's whitespace set; other Unicode spaces belong to words. */
    private static final String WHITESPACE = " \t\r\n";

    private Shlex() {
    }

    /**
     * Splits like shlex.
     *
     * @throws IllegalArgumentException with shlex's message ({@code No closing quotation},
     *                                  {@code No escaped character}) for unbalanced text
     */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (WHITESPACE.indexOf(c) >= 0) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("No escaped character");
                }
                cur.append(text.charAt(++i));
            } else if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("No closing quotation");
                }
                cur.append(text, i + 1, close);
                i = close;
            } else if (c == '"') {
                i = doubleQuoted(text, i + 1, cur);
            } else {
                cur.append(c);
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }

    /** Reads up to the closing quote; a backslash only escapes {@code "} and {@code \}. Returns the quote's index. */
    private static int doubleQuoted(String text, int from, StringBuilder cur) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("No escaped character");
                }
                char next = text.charAt(i + 1);
                if (next == '"' || next == '\\') {
                    cur.append(next);
                    i++;
                    continue;
                }
            }
            cur.append(c);
        }
        throw new IllegalArgumentException("No closing quotation");
    }
}
