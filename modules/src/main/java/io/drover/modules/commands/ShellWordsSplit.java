package io.drover.modules.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code shlex.split(text)} (POSIX mode, no comments): the command module's free form is split this way,
 * so quoting means the same as in Ansible. Only quotes and backslashes are interpreted; no expansion happens here.
 */
final class ShellWordsSplit {

    /** shlex's whitespace set; other Unicode spaces belong to words. */
    private static final String WHITESPACE = " \t\r\n";

    private ShellWordsSplit() {
    }

    /**
     * Splits like shlex.
     *
     * @throws IllegalArgumentException with shlex's message ({@code No closing quotation},
     *                                  {@code No escaped character}) for unbalanced text
     */
    static List<String> split(String text) {
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
