package io.drover.template;

import java.util.Objects;

/**
 * The Jinja delimiters of a template: the template module's {@code variable_start_string} and friends, or a
 * {@code #jinja2:} header. Templates that use other delimiters (often because the file itself is full of
 * {@code {{ }}}, as Go templates in Prometheus or Traefik configuration are) are translated once to the standard
 * ones before parsing, so every later stage of the templar sees ordinary Jinja: text that merely looks like a
 * standard delimiter is turned into an expression printing it, and raw blocks are kept verbatim.
 *
 * <p>Lines are never added or removed by the translation, so error line numbers still point into the original
 * file. Inside a tag, quoted strings are skipped when looking for the closing delimiter, as Jinja's lexer does.
 */
public record Delimiters(String variableStart, String variableEnd, String blockStart, String blockEnd,
                         String commentStart, String commentEnd) {

    public static final Delimiters STANDARD = new Delimiters("{{", "}}", "{%", "%}", "{#", "#}");

    public Delimiters {
        for (String d : new String[]{variableStart, variableEnd, blockStart, blockEnd, commentStart, commentEnd}) {
            Objects.requireNonNull(d, "delimiter");
            if (d.isEmpty()) {
                throw new IllegalArgumentException("a Jinja delimiter cannot be empty");
            }
        }
    }

    /** These delimiters with the non-null arguments replacing the matching ones. */
    public Delimiters with(String varStart, String varEnd, String blkStart, String blkEnd, String cmtStart,
                           String cmtEnd) {
        return new Delimiters(or(varStart, variableStart), or(varEnd, variableEnd), or(blkStart, blockStart),
                or(blkEnd, blockEnd), or(cmtStart, commentStart), or(cmtEnd, commentEnd));
    }

    private static String or(String a, String b) {
        return a == null ? b : a;
    }

    public boolean isStandard() {
        return equals(STANDARD);
    }

    /** The same template written with the standard delimiters. */
    public String toStandard(String source) {
        if (isStandard()) {
            return source;
        }
        StringBuilder out = new StringBuilder(source.length() + 16);
        int pos = 0;
        int literalStart = 0;
        while (pos < source.length()) {
            Kind kind = tagAt(source, pos);
            if (kind == null) {
                pos++;
                continue;
            }
            appendLiteral(out, source.substring(literalStart, pos));
            String open = kind.open(this);
            String close = kind.close(this);
            int bodyStart = pos + open.length();
            int bodyEnd = kind == Kind.COMMENT ? source.indexOf(close, bodyStart) : findClose(source, bodyStart, close);
            if (bodyEnd < 0) {
                // Unclosed: hand it on as standard syntax so the parser reports the error.
                out.append(kind.open(STANDARD)).append(source, bodyStart, source.length());
                return out.toString();
            }
            String body = source.substring(bodyStart, bodyEnd);
            out.append(kind.open(STANDARD)).append(body).append(kind.close(STANDARD));
            pos = bodyEnd + close.length();
            if (kind == Kind.BLOCK && isRaw(body, "raw")) {
                pos = copyRaw(source, pos, out);
            }
            literalStart = pos;
        }
        appendLiteral(out, source.substring(literalStart));
        return out.toString();
    }

    private enum Kind {
        VARIABLE, BLOCK, COMMENT;

        String open(Delimiters d) {
            return switch (this) {
                case VARIABLE -> d.variableStart;
                case BLOCK -> d.blockStart;
                case COMMENT -> d.commentStart;
            };
        }

        String close(Delimiters d) {
            return switch (this) {
                case VARIABLE -> d.variableEnd;
                case BLOCK -> d.blockEnd;
                case COMMENT -> d.commentEnd;
            };
        }
    }

    /** The tag starting at {@code pos}; the longest start string wins, as in Jinja's lexer. */
    private Kind tagAt(String s, int pos) {
        Kind best = null;
        int bestLength = 0;
        for (Kind k : Kind.values()) {
            String open = k.open(this);
            if (open.length() > bestLength && s.startsWith(open, pos)) {
                best = k;
                bestLength = open.length();
            }
        }
        return best;
    }

    /** Index of {@code close} after {@code from}, skipping quoted strings. */
    private static int findClose(String s, int from, String close) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (s.startsWith(close, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isRaw(String body, String word) {
        String b = body.strip();
        if (b.startsWith("-") || b.startsWith("+")) {
            b = b.substring(1);
        }
        if (b.endsWith("-") || b.endsWith("+")) {
            b = b.substring(0, b.length() - 1);
        }
        return b.strip().equals(word);
    }

    /** Copies a raw block's text verbatim up to and including its endraw tag; returns the position after it. */
    private int copyRaw(String s, int pos, StringBuilder out) {
        int at = pos;
        while ((at = s.indexOf(blockStart, at)) >= 0) {
            int bodyStart = at + blockStart.length();
            int end = findClose(s, bodyStart, blockEnd);
            if (end < 0) {
                break;
            }
            String body = s.substring(bodyStart, end);
            if (isRaw(body, "endraw")) {
                out.append(s, pos, at).append(STANDARD.blockStart).append(body).append(STANDARD.blockEnd);
                return end + blockEnd.length();
            }
            at = bodyStart;
        }
        // No endraw: the parser reports the unclosed raw block.
        out.append(s, pos, s.length());
        return s.length();
    }

    /** Literal text, with anything the standard syntax would read as a tag start printed by an expression. */
    private static void appendLiteral(StringBuilder out, String text) {
        int from = 0;
        for (int i = 0; i + 1 < text.length(); i++) {
            if (text.charAt(i) == '{') {
                char n = text.charAt(i + 1);
                if (n == '{' || n == '%' || n == '#') {
                    out.append(text, from, i).append("{{ '{").append(n).append("' }}");
                    from = i + 2;
                    i++;
                }
            }
        }
        // A brace just before a translated tag would merge with it ("a{" + "{{ x }}").
        if (from < text.length() && text.endsWith("{")) {
            out.append(text, from, text.length() - 1).append("{{ '{' }}");
        } else {
            out.append(text, from, text.length());
        }
    }
}
