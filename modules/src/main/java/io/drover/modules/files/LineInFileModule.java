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
 * {@code lineinfile}: makes sure one line is in a file (replacing the last line a {@code regexp} or
 * {@code search_string} matches, else inserting it after/before the last line {@code insertafter}/{@code insertbefore}
 * matches, at BOF or at EOF), or that no matching line is ({@code state: absent}). Behaves as ansible-core 2.14's
 * module line by line: lines are split after {@code \n} only, a replaced line is compared with its line ending, a
 * missing final newline is added before appending, {@code backrefs} expands the match into {@code line} and changes
 * nothing when the regexp does not match, {@code firstmatch} stops at the first match. Regexps are Python's, run
 * through {@link PythonRegex}.
 *
 * <p><b>Round trips.</b> 1 — {@link TextFileEdit#read}: the file's state (following a symlink), content, umask,
 * user and owner/group ids. The new content is computed here. If neither content nor owner/group/mode change (or in
 * check mode), that is all. 2 — {@link TextFileEdit#apply}: new content on standard input to a temp file beside the
 * file, attributes, validate, backup, rename, all in one exec; an attribute-only change also takes this one exec.
 *
 * <p>Known differences: the backup of a file reached through a symlink is named after the link's target; module
 * crashes (a bad regexp) report the exception text without Python's traceback lines; owner/group/mode of a symlink
 * path apply to its target.
 */
public final class LineInFileModule implements Module {

    @Override
    public String name() {
        return "lineinfile";
    }

    @Override
    public ArgSpec argSpec() {
        return FileArgs.common(ArgSpec.builder())
                .add(ArgSpec.option("path", Type.PATH).asRequired().aliases("dest", "destfile", "name"))
                .add(ArgSpec.option("state", Type.STR).withDefault("present").choices("absent", "present"))
                .add(ArgSpec.option("regexp", Type.STR).aliases("regex"))
                .add(ArgSpec.option("search_string", Type.STR))
                .add(ArgSpec.option("line", Type.STR).aliases("value"))
                .add(ArgSpec.option("insertafter", Type.STR))
                .add(ArgSpec.option("insertbefore", Type.STR))
                // No default: Ansible's exclusivity check counts backrefs only when the task gives it.
                .add(ArgSpec.option("backrefs", Type.BOOL))
                .add(ArgSpec.option("create", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("backup", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("firstmatch", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("validate", Type.STR))
                .mutuallyExclusive("insertbefore", "insertafter")
                .mutuallyExclusive("regexp", "search_string")
                .mutuallyExclusive("backrefs", "search_string")
                .build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Args args = ctx.args();
        List<String> warnings = new ArrayList<>();
        String regexp = args.str("regexp");
        String search = args.str("search_string");
        if ("".equals(regexp) || "".equals(search)) {
            String what = "".equals(regexp) ? "regular expression" : "search string";
            String w = "The " + what + " is an empty string, which will match every line in the file. This may have "
                    + "unintended consequences, such as replacing the last line in the file rather than appending.";
            if ("".equals(regexp)) {
                w += " If this is desired, use '^' to match every line in the file and avoid this warning.";
            }
            warnings.add(w);
        }
        FileAttrs attrs = FileAttrs.of(args);
        TextFileEdit.Target t = TextFileEdit.read(ctx, args.str("path"), attrs);
        if (t.directory()) {
            return ModuleResult.builder().failed("Path " + t.path() + " is a directory !").put("rc", 256L).build();
        }
        if (t.readError() != null && t.state() == null) {
            return ModuleResult.failed(t.readError());
        }
        ModuleResult r;
        try {
            if (args.str("state").equals("present")) {
                r = present(ctx, args, t, attrs, regexp, search);
            } else {
                r = absent(ctx, args, t, attrs, regexp, search);
            }
        } catch (PythonRegex.Error e) {
            r = TextFileEdit.crash(e.type() + ": " + e.getMessage());
        }
        if (warnings.isEmpty()) {
            return r;
        }
        return ModuleResult.builder().putAll(r.data()).put("warnings", warnings).build();
    }

    private ModuleResult present(ModuleContext ctx, Args args, TextFileEdit.Target t, FileAttrs attrs, String regexp,
                                 String search) throws ConnectionException, PythonRegex.Error {
        boolean backrefs = args.bool("backrefs");
        if (backrefs && regexp == null) {
            return ModuleResult.failed("regexp is required with backrefs=true");
        }
        String lineArg = args.str("line");
        if (lineArg == null) {
            return ModuleResult.failed("line is required with state=present");
        }
        String insertBefore = args.str("insertbefore");
        String insertAfter = args.str("insertafter");
        if (insertBefore == null && insertAfter == null) {
            insertAfter = "EOF";
        }
        boolean firstmatch = args.bool("firstmatch");
        if (!t.exists()) {
            if (!args.bool("create")) {
                return ModuleResult.builder().failed("Destination " + t.path() + " does not exist !")
                        .put("rc", 257L).build();
            }
        } else if (t.readError() != null) {
            return TextFileEdit.crash(t.readError());
        }
        String original = t.exists() ? t.content() : "";
        List<String> lines = readlines(original);
        Map<String, Object> diff = contentDiff(t.path());
        if (ctx.diffMode()) {
            diff.put("before", TextFileEdit.text(original));
        }
        PythonRegex re = regexp == null ? null : PythonRegex.compile(TextFileEdit.bytes(regexp));
        PythonRegex insertRe = null;
        if (insertAfter != null && !insertAfter.equals("BOF") && !insertAfter.equals("EOF")) {
            insertRe = PythonRegex.compile(TextFileEdit.bytes(insertAfter));
        } else if (insertBefore != null && !insertBefore.equals("BOF")) {
            insertRe = PythonRegex.compile(TextFileEdit.bytes(insertBefore));
        }
        String line = TextFileEdit.bytes(lineArg);

        int found = -1;
        int insertAt = -1;
        Matcher match = null;
        boolean searchMatched = false;
        if (re != null) {
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = re.matcher(lines.get(i));
                if (m.find()) {
                    found = i;
                    match = m;
                    if (firstmatch) {
                        break;
                    }
                }
            }
        }
        if (search != null) {
            String needle = TextFileEdit.bytes(search);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(needle)) {
                    found = i;
                    searchMatched = true;
                    if (firstmatch) {
                        break;
                    }
                }
            }
        }
        if (match == null && !searchMatched) {
            for (int i = 0; i < lines.size(); i++) {
                String cur = lines.get(i);
                if (line.equals(stripEol(cur))) {
                    found = i;
                } else if (insertRe != null && insertRe.search(cur)) {
                    insertAt = insertAfter != null ? i + 1 : i;
                    if (firstmatch) {
                        break;
                    }
                }
            }
        }

        String msg = "";
        boolean changed = false;
        if (found != -1) {
            String newLine = backrefs && match != null ? re.expand(match, line) : line;
            if (!newLine.endsWith("\n")) {
                newLine += "\n";
            }
            if (!lines.get(found).equals(newLine)) {
                lines.set(found, newLine);
                msg = "line replaced";
                changed = true;
            }
        } else if (backrefs) {
            // Ansible leaves the file alone when a backrefs regexp does not match.
        } else if ("BOF".equals(insertBefore) || "BOF".equals(insertAfter)) {
            lines.add(0, line + "\n");
            msg = "line added";
            changed = true;
        } else if ("EOF".equals(insertAfter) || insertAt == -1) {
            if (!lines.isEmpty() && !endsWithEol(lines.get(lines.size() - 1))) {
                lines.add("\n");
            }
            lines.add(line + "\n");
            msg = "line added";
            changed = true;
        } else if (insertAfter != null) {
            // A match on the last line appends without first ending an unterminated last line, as Ansible does.
            if (lines.size() == insertAt) {
                if (!stripEol(lines.get(insertAt - 1)).equals(line)) {
                    lines.add(line + "\n");
                    msg = "line added";
                    changed = true;
                }
            } else if (!line.equals(stripEol(lines.get(insertAt)))) {
                lines.add(insertAt, line + "\n");
                msg = "line added";
                changed = true;
            }
        } else {
            lines.add(insertAt, line + "\n");
            msg = "line added";
            changed = true;
        }
        String result = String.join("", lines);
        if (ctx.diffMode()) {
            diff.put("after", TextFileEdit.text(result));
        }
        if (ctx.checkMode() && !t.exists()) {
            return ModuleResult.builder().changed(changed).msg(msg).put("backup", "").put("diff", diff).build();
        }
        return finish(ctx, args, t, attrs, changed ? result : null, msg, null, diff);
    }

    private ModuleResult absent(ModuleContext ctx, Args args, TextFileEdit.Target t, FileAttrs attrs, String regexp,
                                String search) throws ConnectionException, PythonRegex.Error {
        String lineArg = args.str("line");
        if (regexp == null && search == null && lineArg == null) {
            return ModuleResult.failed("one of line, search_string, or regexp is required with state=absent");
        }
        if (!t.exists()) {
            return ModuleResult.builder().changed(false).msg("file not present").build();
        }
        if (t.readError() != null) {
            return TextFileEdit.crash(t.readError());
        }
        Map<String, Object> diff = contentDiff(t.path());
        if (ctx.diffMode()) {
            diff.put("before", TextFileEdit.text(t.content()));
        }
        PythonRegex re = regexp == null ? null : PythonRegex.compile(TextFileEdit.bytes(regexp));
        String needle = search == null ? null : TextFileEdit.bytes(search);
        String line = lineArg == null ? "None" : TextFileEdit.bytes(lineArg);
        List<String> kept = new ArrayList<>();
        int found = 0;
        for (String cur : readlines(t.content())) {
            boolean hit = re != null ? re.search(cur) : needle != null ? cur.contains(needle) : line.equals(stripEol(cur));
            if (hit) {
                found++;
            } else {
                kept.add(cur);
            }
        }
        String result = String.join("", kept);
        if (ctx.diffMode()) {
            diff.put("after", TextFileEdit.text(result));
        }
        boolean changed = found > 0;
        return finish(ctx, args, t, attrs, changed ? result : null, changed ? found + " line(s) removed" : "",
                (long) found, diff);
    }

    /** Writes (round trip 2), applies attributes, and shapes the result as Ansible's exit_json does. */
    private ModuleResult finish(ModuleContext ctx, Args args, TextFileEdit.Target t, FileAttrs attrs, String newContent,
                                String msg, Long found, Map<String, Object> diff) throws ConnectionException {
        TextFileEdit.Applied a = TextFileEdit.apply(ctx, t, attrs, newContent, args.bool("backup"), args.str("validate"));
        if (a.failure() != null) {
            return a.failure();
        }
        boolean contentChanged = newContent != null;
        ModuleResult.Builder b = ModuleResult.builder().changed(contentChanged || a.attrsChanged());
        if (found != null) {
            b.put("found", found);
        }
        return b.msg(TextFileEdit.withAttrs(msg, contentChanged, a.attrsChanged()))
                .put("backup", a.backupFile() == null ? "" : a.backupFile())
                .put("diff", List.of(diff, a.attrDiff())).build();
    }

    private static Map<String, Object> contentDiff(String path) {
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("before", "");
        diff.put("after", "");
        diff.put("before_header", path + " (content)");
        diff.put("after_header", path + " (content)");
        return diff;
    }

    /** Python's {@code readlines()} on bytes: each line keeps its {@code \n}; only {@code \n} ends a line. */
    static List<String> readlines(String content) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length()) {
            int nl = content.indexOf('\n', start);
            int end = nl < 0 ? content.length() : nl + 1;
            lines.add(content.substring(start, end));
            start = end;
        }
        return lines;
    }

    /** {@code rstrip(b'\r\n')}. */
    static String stripEol(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean endsWithEol(String s) {
        return !s.isEmpty() && (s.charAt(s.length() - 1) == '\n' || s.charAt(s.length() - 1) == '\r');
    }
}
