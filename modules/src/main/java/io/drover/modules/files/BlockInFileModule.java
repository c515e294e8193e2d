package io.drover.modules.files;

import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * {@code blockinfile}: keeps a block of lines between two marker lines in a file — inserted after/before the last
 * line {@code insertafter}/{@code insertbefore} matches (or at EOF/BOF), replaced in place when the markers are
 * already there, removed with {@code state: absent} or an empty {@code block}. Behaves as ansible-core 2.14's module:
 * lines split at {@code \n}, {@code \r} and {@code \r\n}, markers must be whole lines with {@code \n}, an
 * unterminated line before the block gets its newline, a regexp with the {@code (?m)} flag is searched in the whole
 * file, {@code marker_begin}/{@code marker_end} replace {@code {mark}} as {@code re.sub} templates. (ansible-core 2.14
 * has no {@code append_newline}/{@code prepend_newline}; they arrived in 2.16.)
 *
 * <p><b>Round trips.</b> 1 — {@link TextFileEdit#read}: state, content, umask, ids. If neither content nor
 * owner/group/mode change (or in check mode), that is all. 2 — {@link TextFileEdit#apply}: temp file, attributes,
 * validate, backup and rename in one exec; an attribute-only change also takes this one exec.
 *
 * <p>Known differences: as for {@link LineInFileModule} (symlink backup names, crash text, symlink attributes).
 */
public final class BlockInFileModule implements Module {

    @Override
    public String name() {
        return "blockinfile";
    }

    @Override
    public ArgSpec argSpec() {
        return FileArgs.common(ArgSpec.builder())
                .add(ArgSpec.option("path", Type.PATH).asRequired().aliases("dest", "destfile", "name"))
                .add(ArgSpec.option("state", Type.STR).withDefault("present").choices("absent", "present"))
                .add(ArgSpec.option("marker", Type.STR).withDefault("# {mark} ANSIBLE MANAGED BLOCK"))
                .add(ArgSpec.option("block", Type.STR).withDefault("").aliases("content"))
                .add(ArgSpec.option("insertafter", Type.STR))
                .add(ArgSpec.option("insertbefore", Type.STR))
                .add(ArgSpec.option("create", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("backup", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("validate", Type.STR))
                .add(ArgSpec.option("marker_begin", Type.STR).withDefault("BEGIN"))
                .add(ArgSpec.option("marker_end", Type.STR).withDefault("END"))
                .mutuallyExclusive("insertbefore", "insertafter")
                .build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Args args = ctx.args();
        FileAttrs attrs = FileAttrs.of(args);
        TextFileEdit.Target t = TextFileEdit.read(ctx, args.str("path"), attrs);
        if (t.directory()) {
            return ModuleResult.builder().failed("Path " + t.path() + " is a directory !").put("rc", 256L).build();
        }
        if (t.readError() != null && t.state() == null) {
            return ModuleResult.failed(t.readError());
        }
        if (!t.exists() && !args.bool("create")) {
            return ModuleResult.builder().failed("Path " + t.path() + " does not exist !").put("rc", 257L).build();
        }
        if (t.exists() && t.readError() != null) {
            return TextFileEdit.crash(t.readError());
        }
        try {
            return edit(ctx, args, t, attrs);
        } catch (PythonRegex.Error e) {
            return TextFileEdit.crash(e.type() + ": " + e.getMessage());
        }
    }

    private ModuleResult edit(ModuleContext ctx, Args args, TextFileEdit.Target t, FileAttrs attrs)
            throws ConnectionException, PythonRegex.Error {
        String original = t.exists() ? t.content() : null;
        List<String> lines = original == null ? new ArrayList<>() : splitlines(original);
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("before", ctx.diffMode() && original != null ? TextFileEdit.text(original) : "");
        diff.put("after", "");
        diff.put("before_header", t.path() + " (content)");
        diff.put("after_header", t.path() + " (content)");
        boolean present = args.str("state").equals("present");
        if (!present && !t.exists()) {
            return ModuleResult.builder().changed(false).msg("File " + t.path() + " not present").build();
        }
        String insertBefore = args.str("insertbefore");
        String insertAfter = args.str("insertafter");
        if (insertBefore == null && insertAfter == null) {
            insertAfter = "EOF";
        }
        PythonRegex insertRe = null;
        if (insertAfter != null && !insertAfter.equals("EOF")) {
            insertRe = PythonRegex.compile(TextFileEdit.bytes(insertAfter));
        } else if (insertBefore != null && !insertBefore.equals("BOF")) {
            insertRe = PythonRegex.compile(TextFileEdit.bytes(insertBefore));
        }
        String marker = TextFileEdit.bytes(args.str("marker"));
        String marker0 = mark(marker, latin1(args.str("marker_begin"))) + "\n";
        String marker1 = mark(marker, latin1(args.str("marker_end"))) + "\n";
        String block = TextFileEdit.bytes(args.str("block"));
        List<String> blockLines = new ArrayList<>();
        if (present && !block.isEmpty()) {
            if (!block.endsWith("\n")) {
                block += "\n";
            }
            blockLines.add(marker0);
            blockLines.addAll(splitlines(block));
            blockLines.add(marker1);
        }

        Integer n0 = null;
        Integer n1 = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(marker0)) {
                n0 = i;
            }
            if (lines.get(i).equals(marker1)) {
                n1 = i;
            }
        }
        if (n0 == null || n1 == null) {
            n0 = null;
            if (insertRe != null) {
                if (insertRe.multiline()) {
                    if (original == null) {
                        throw new PythonRegex.Error("TypeError", "expected string or bytes-like object, got 'NoneType'");
                    }
                    Matcher m = insertRe.matcher(original);
                    if (m.find()) {
                        // Ansible counts newlines in the decoded text up to a byte offset; so do we.
                        n0 = newlinesBefore(TextFileEdit.text(original), insertAfter != null ? m.end() : m.start());
                    }
                } else {
                    for (int i = 0; i < lines.size(); i++) {
                        if (insertRe.search(lines.get(i))) {
                            n0 = i;
                        }
                    }
                }
                if (n0 == null) {
                    n0 = lines.size();
                } else if (insertAfter != null) {
                    n0 += 1;
                }
            } else if (insertBefore != null) {
                n0 = 0;
            } else {
                n0 = lines.size();
            }
        } else if (n0 < n1) {
            lines.subList(n0, n1 + 1).clear();
        } else {
            lines.subList(n1, n0 + 1).clear();
            n0 = n1;
        }
        if (n0 > 0) {
            if (n0 - 1 >= lines.size()) {
                throw new PythonRegex.Error("IndexError", "list index out of range");
            }
            if (!lines.get(n0 - 1).endsWith("\n")) {
                lines.set(n0 - 1, lines.get(n0 - 1) + "\n");
            }
        }
        lines.addAll(Math.min(n0, lines.size()), blockLines);
        String result = String.join("", lines);
        if (ctx.diffMode()) {
            diff.put("after", TextFileEdit.text(result));
        }
        String msg;
        boolean changed = true;
        if (result.equals(original)) {
            msg = "";
            changed = false;
        } else if (original == null) {
            msg = "File created";
        } else if (blockLines.isEmpty()) {
            msg = "Block removed";
        } else {
            msg = "Block inserted";
        }
        if (ctx.checkMode() && !t.exists()) {
            return ModuleResult.builder().changed(changed).msg(msg).put("diff", diff).build();
        }
        TextFileEdit.Applied a = TextFileEdit.apply(ctx, t, attrs, changed ? result : null, args.bool("backup"),
                args.str("validate"));
        if (a.failure() != null) {
            return a.failure();
        }
        ModuleResult.Builder b = ModuleResult.builder().changed(changed || a.attrsChanged())
                .msg(TextFileEdit.withAttrs(msg, changed, a.attrsChanged()))
                .put("diff", List.of(diff, a.attrDiff()));
        if (a.backupFile() != null) {
            b.put("backup_file", a.backupFile());
        }
        return b.build();
    }

    /** {@code re.sub(b'{mark}', replacement, marker)}: the replacement is a template, so escapes in it apply. */
    private static String mark(String marker, String replacement) throws PythonRegex.Error {
        PythonRegex re = PythonRegex.compile("\\{mark\\}");
        Matcher m = re.matcher(marker);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(marker, last, m.start()).append(re.expand(m, replacement));
            last = m.end();
        }
        return out.append(marker.substring(last)).toString();
    }

    /** six's {@code b()} on Python 3: latin-1 encoding, which fails beyond U+00FF. */
    private static String latin1(String s) throws PythonRegex.Error {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                throw new PythonRegex.Error("UnicodeEncodeError", "'latin-1' codec can't encode character '\\u"
                        + String.format("%04x", (int) s.charAt(i)) + "' in position " + i
                        + ": ordinal not in range(256)");
            }
        }
        return s;
    }

    /** {@code text.count('\n', 0, end)} with {@code end} counted in code points, as on a Python str. */
    private static int newlinesBefore(String text, int end) {
        return (int) text.codePoints().limit(end).filter(c -> c == '\n').count();
    }

    /** Python's {@code bytes.splitlines(True)}: lines end at {@code \n}, {@code \r} or {@code \r\n}, kept. */
    static List<String> splitlines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                int end = c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                out.add(s.substring(start, end));
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }
}
