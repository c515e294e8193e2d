package io.drover.playbook;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits free-form module arguments ({@code copy: src=a dest="b c"}) the way Ansible does: on spaces, but never
 * inside quotes or a {@code {{ }}}, {@code {% %}} or {@code {# #}} block; whitespace runs and newlines inside a
 * token survive, so command text is passed on exactly as written.
 *
 * <p>Errors are {@link DroverException}s of kind PARSE without a location; callers add the task's location.
 */
public final class ArgsParser {

    /** Options of command-like modules that are pulled out of their free-form text (the rest stays raw). */
    public static final Set<String> COMMAND_OPTIONS = Set.of(
            "creates", "removes", "chdir", "executable", "warn", "stdin", "stdin_add_newline", "strip_empty_ends");

    private ArgsParser() {
    }

    /**
     * Turns {@code k=v} words into arguments. Words without {@code =} are joined (original spacing kept) under
     * {@link Task#RAW_PARAMS}. With {@code checkRaw} (command, shell, raw, script, ...) only
     * {@link #COMMAND_OPTIONS} are taken as options and any other {@code k=v} word stays part of the raw text.
     * Values lose one level of matching surrounding quotes; backslash escapes ({@code \n}, {@code \x41}, ...)
     * are decoded in options but not in the raw text.
     */
    public static Map<String, Object> parseKv(String text, boolean checkRaw) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (text == null) {
            return options;
        }
        List<String> raw = new ArrayList<>();
        for (String word : splitArgs(text)) {
            String decoded = decodeEscapes(word);
            int eq = unescapedEquals(decoded);
            if (eq < 0) {
                // "a\=b" is raw text with the escape removed; a word without any '=' is kept as written
                raw.add(decoded.indexOf('=') >= 0 ? decoded.replace("\\=", "=") : word);
                continue;
            }
            String key = decoded.substring(0, eq);
            if (checkRaw && !COMMAND_OPTIONS.contains(key)) {
                raw.add(word);
            } else {
                options.put(key.strip(), unquote(decoded.substring(eq + 1).strip()));
            }
        }
        if (!raw.isEmpty()) {
            options.put(Task.RAW_PARAMS, joinArgs(raw));
        }
        return options;
    }

    /** Position of the first '=' not preceded by a backslash, ignoring a leading '=' (as Ansible does); or -1. */
    private static int unescapedEquals(String word) {
        int pos = 0;
        while (true) {
            pos = word.indexOf('=', pos + 1);
            if (pos < 0) {
                return -1;
            }
            if (word.charAt(pos - 1) != '\\') {
                return pos;
            }
        }
    }

    /**
     * Splits on spaces and newlines, re-joining pieces that belong to one quoted string or Jinja block. Spaces
     * after a word and newlines are kept on the word, so {@link #joinArgs} restores the original text.
     */
    public static List<String> splitArgs(String text) {
        List<String> params = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        char quote = 0;
        boolean insideQuotes = false;
        int printDepth = 0;
        int blockDepth = 0;
        int commentDepth = 0;

        for (int lineIndex = 0; lineIndex < lines.length; lineIndex++) {
            String[] tokens = lines[lineIndex].split(" ", -1);
            boolean lineContinuation = false;
            for (int idx = 0; idx < tokens.length; idx++) {
                String token = tokens[idx];
                if (token.isEmpty() && idx != 0) {
                    // consecutive spaces: keep them on the previous word so the text can be rebuilt
                    appendToLast(params, " ");
                    continue;
                }
                if (token.equals("\\") && !insideQuotes) {
                    lineContinuation = true;
                    continue;
                }
                boolean wasInsideQuotes = insideQuotes;
                quote = quoteStateAfter(token, quote);
                insideQuotes = quote != 0;
                boolean inJinja = printDepth > 0 || blockDepth > 0 || commentDepth > 0;

                boolean appended = false;
                if (insideQuotes && !wasInsideQuotes && !inJinja) {
                    params.add(token);
                    appended = true;
                } else if (inJinja || insideQuotes || wasInsideQuotes) {
                    if (idx == 0 && wasInsideQuotes) {
                        appendToLast(params, token);
                    } else if (tokens.length > 1) {
                        appendToLast(params, (idx > 0 ? " " : "") + token);
                    } else {
                        appendToLast(params, "\n" + token);
                    }
                    appended = true;
                }

                int before = printDepth;
                printDepth = depthAfter(token, printDepth, "{{", "}}");
                if (printDepth != before && !appended) {
                    params.add(token);
                    appended = true;
                }
                before = blockDepth;
                blockDepth = depthAfter(token, blockDepth, "{%", "%}");
                if (blockDepth != before && !appended) {
                    params.add(token);
                    appended = true;
                }
                before = commentDepth;
                commentDepth = depthAfter(token, commentDepth, "{#", "#}");
                if (commentDepth != before && !appended) {
                    params.add(token);
                    appended = true;
                }
                boolean stillInJinja = printDepth > 0 || blockDepth > 0 || commentDepth > 0;
                if (!stillInJinja && !insideQuotes && !appended && !token.isEmpty()) {
                    params.add(token);
                }
            }
            if (lines.length > 1 && lineIndex != lines.length - 1 && !lineContinuation) {
                appendToLast(params, "\n");
            }
        }
        if (printDepth > 0 || blockDepth > 0 || commentDepth > 0 || insideQuotes) {
            throw DroverException.parse("failed at splitting arguments, either an unbalanced jinja2 block or quotes: "
                    + text, SourceLocation.UNKNOWN);
        }
        return params;
    }

    private static void appendToLast(List<String> params, String suffix) {
        // Ansible fails with an IndexError when text starts with two spaces; we tolerate it instead
        if (!params.isEmpty()) {
            params.set(params.size() - 1, params.get(params.size() - 1) + suffix);
        }
    }

    /** The open quote character after reading {@code token} (0 = none), honouring backslash escapes. */
    private static char quoteStateAfter(String token, char quote) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean escaped = i > 0 && token.charAt(i - 1) == '\\';
            if ((c == '"' || c == '\'') && !escaped) {
                if (quote == 0) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                }
            }
        }
        return quote;
    }

    private static int depthAfter(String token, int depth, String open, String close) {
        int opens = count(token, open);
        int closes = count(token, close);
        if (opens != closes) {
            depth = Math.max(0, depth + opens - closes);
        }
        return depth;
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
            n++;
        }
        return n;
    }

    /** Rebuilds text from {@link #splitArgs} words: one space between words, none after a newline. */
    public static String joinArgs(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') {
                sb.append(' ');
            }
            sb.append(w);
        }
        return sb.toString();
    }

    /** Removes one pair of matching surrounding quotes (unless the closing one is escaped). */
    public static String unquote(String s) {
        int n = s.length();
        if (n > 1 && s.charAt(0) == s.charAt(n - 1) && (s.charAt(0) == '"' || s.charAt(0) == '\'')
                && s.charAt(n - 2) != '\\') {
            return s.substring(1, n - 1);
        }
        return s;
    }

    /**
     * Splits {@code "copy src=a dest=b"} into the module name and the rest of the argument text (as used by
     * {@code action:} and {@code local_action:}).
     */
    public static String[] splitModuleString(String text) {
        List<String> words = splitArgs(text);
        if (words.isEmpty()) {
            return new String[] {"", ""};
        }
        String rest = words.size() > 1 ? String.join(" ", words.subList(1, words.size())) : "";
        return new String[] {words.get(0).strip(), rest};
    }

    /** Decodes Python-style escapes: {@code \\U0001F600 \\u00e9 \\x41 \\N{name} \\n \\t \\\\ \\' \\"} etc. */
    static String decodeEscapes(String s) {
        int slash = s.indexOf('\\');
        if (slash < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        sb.append(s, 0, slash);
        int i = slash;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            int consumed = switch (e) {
                case 'U' -> appendHex(s, i + 2, 8, sb);
                case 'u' -> appendHex(s, i + 2, 4, sb);
                case 'x' -> appendHex(s, i + 2, 2, sb);
                case 'N' -> appendNamed(s, i + 2, sb);
                case '\\', '\'', '"' -> {
                    sb.append(e);
                    yield 2;
                }
                case 'a' -> append(sb, '\u0007');
                case 'b' -> append(sb, '\b');
                case 'f' -> append(sb, '\f');
                case 'n' -> append(sb, '\n');
                case 'r' -> append(sb, '\r');
                case 't' -> append(sb, '\t');
                case 'v' -> append(sb, '\u000b');
                default -> 0;
            };
            if (consumed == 0) {
                sb.append(c);
                i++;
            } else {
                i += consumed;
            }
        }
        return sb.toString();
    }

    private static int append(StringBuilder sb, char c) {
        sb.append(c);
        return 2;
    }

    private static int appendHex(String s, int from, int digits, StringBuilder sb) {
        if (from + digits > s.length()) {
            return 0;
        }
        String hex = s.substring(from, from + digits);
        for (int k = 0; k < hex.length(); k++) {
            if (Character.digit(hex.charAt(k), 16) < 0) {
                return 0;
            }
        }
        long cp = Long.parseLong(hex, 16);
        if (cp > Character.MAX_CODE_POINT) {
            return 0;
        }
        sb.appendCodePoint((int) cp);
        return 2 + digits;
    }

    private static int appendNamed(String s, int from, StringBuilder sb) {
        if (from >= s.length() || s.charAt(from) != '{') {
            return 0;
        }
        int end = s.indexOf('}', from);
        if (end < 0 || end == from + 1) {
            return 0;
        }
        try {
            sb.appendCodePoint(Character.codePointOf(s.substring(from + 1, end)));
        } catch (IllegalArgumentException unknownName) {
            return 0;
        }
        return end + 1 - (from - 2);
    }
}
