package io.drover.connection.openssh;

import java.util.ArrayList;
import java.util.List;

/** The word splitting OpenSSH applies to ssh_config lines and {@code -o} values. */
final class ConfigWords {
    private ConfigWords() {
    }

    /** A line split into its keyword and the raw rest, or null for blank and comment lines. */
    record KeywordLine(String keyword, String rest) {
    }

    /**
     * Splits off the keyword: it ends at whitespace or {@code =}; the separator may be whitespace, one {@code =}
     * or both ({@code Port=22}, {@code Port 22}, {@code Port = 22}).
     */
    static KeywordLine keywordLine(String line) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '=') {
            i++;
        }
        String keyword = s.substring(0, i);
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '=') {
            i++;
        }
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return new KeywordLine(keyword, s.substring(i));
    }

    /**
     * OpenSSH's argument splitting: words separated by blanks, single or double quotes group, a backslash escapes a
     * quote, a backslash or (outside quotes) a blank, and a word starting with {@code #} ends the line.
     */
    static List<String> split(String s, String origin) throws SshConfigException {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n || s.charAt(i) == '#') {
                return words;
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    char next = s.charAt(i + 1);
                    if (next == '\'' || next == '"' || next == '\\' || (quote == 0 && next == ' ')) {
                        word.append(next);
                        i++;
                    } else {
                        word.append(c);
                    }
                } else if (quote == 0 && (c == ' ' || c == '\t')) {
                    break;
                } else if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (quote != 0 && c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            }
            if (quote != 0) {
                throw new SshConfigException(origin + ": invalid quotes");
            }
            words.add(word.toString());
        }
    }
}
