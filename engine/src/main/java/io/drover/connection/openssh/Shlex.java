package io.drover.connection.openssh;

import java.util.ArrayList;
import java.util.List;

/** Python's {@code shlex.split} (POSIX mode, no comments): how ansible-core splits ssh_args and friends. */
final class Shlex {
    private Shlex() {
    }

    static List<String> split(String text) throws SshConfigException {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length() && "\\\"".indexOf(text.charAt(i + 1)) >= 0) {
                    cur.append(text.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                cur.append(text.charAt(++i));
                inWord = true;
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new SshConfigException("No closing quotation in ssh arguments: " + text);
        }
        if (inWord) {
            words.add(cur.toString());
        }
        // ansible-core strips each word and drops empty ones
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (!w.strip().isEmpty()) {
                out.add(w.strip());
            }
        }
        return out;
    }
}
