package io.drover.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an INI host line into words the way Python's {@code shlex.split(line, comments=True)} does (POSIX mode):
 * quotes group and disappear, backslash escapes outside single quotes, and an unquoted {@code #} ends the line
 * even in the middle of a word ({@code a=b#c} gives {@code a=b}).
 */
final class ShellWords {

    private ShellWords() {
    }

    /** Thrown for unbalanced quotes or a trailing backslash, with shlex's own wording. */
    static final class SplitException extends Exception {
        SplitException(String message) {
            super(message, null, false, false);
        }
    }

    static List<String> split(String line) throws SplitException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new SplitException("No escaped character");
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (c == '\'' || c == '"') {
                int close = i + 1;
                inWord = true;
                while (true) {
                    if (close >= n) {
                        throw new SplitException("No closing quotation");
                    }
                    char q = line.charAt(close);
                    if (q == c) {
                        break;
                    }
                    if (c == '"' && q == '\\' && close + 1 < n) {
                        char next = line.charAt(close + 1);
                        // inside double quotes a backslash only escapes the quote and itself
                        if (next != '"' && next != '\\') {
                            word.append('\\');
                        }
                        word.append(next);
                        close += 2;
                        continue;
                    }
                    word.append(q);
                    close++;
                }
                i = close + 1;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
