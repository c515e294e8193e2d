package io.drover.modules.files;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.modules.commands.ShellText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Edits one text file on the target as lineinfile and blockinfile do: {@link #read} fetches everything the edit
 * depends on in one round trip, the module computes the new text on the controller, and {@link #apply} writes it
 * (and/or changes owner, group, mode) in one more, through {@link AtomicWriter}.
 *
 * <p>File text is handled as a "byte string": one char per byte (ISO-8859-1), so Python's byte-level line
 * splitting and regex matching can be reproduced exactly and any bytes survive the round trip.
 */
final class TextFileEdit {

    private TextFileEdit() {
    }

    /**
     * The file as read.
     *
     * @param path      the path with {@code ~} and variables expanded, as Ansible's messages and diff headers show it
     * @param writePath where writes go: the link's target for a symlink (Ansible writes to the realpath)
     * @param state     the file's state, following a symlink
     * @param directory the path is a directory (nothing else was read)
     * @param content   the bytes as chars, or null when the file does not exist
     * @param uid       the (become) user's uid, which a newly created file gets
     */
    record Target(String path, String writePath, PathState state, boolean directory, boolean parentMissing,
                  int umask, long uid, long gid, String content, String readError, FileAttrs.Ids ids) {
        boolean exists() {
            return state != null && state.exists();
        }
    }

    /** Round trip 1: path expansion, state, symlink target, umask, user ids, owner/group lookups, content. */
    static Target read(ModuleContext ctx, String pathArg, FileAttrs attrs) throws ConnectionException {
        RemoteScript q = new RemoteScript();
        q.line("_dvd=" + ShellText.expandingWord(pathArg))
                .section("path").line("printf '%s\\n' \"$_dvd\"")
                .line("if [ -d \"$_dvd\" ]; then " + RemoteScript.sectionCommand("isdir") + "; exit 0; fi")
                .line("case $_dvd in */*) _dvw=$_dvd;; *) _dvw=./$_dvd;; esac")
                .stat("state", "\"$_dvw\"", true, null)
                .line("[ -L \"$_dvw\" ] && { " + RemoteScript.sectionCommand("real") + "; readlink -f \"$_dvw\"; }")
                .line("[ -d \"$(dirname \"$_dvw\")\" ] || " + RemoteScript.sectionCommand("noparent"))
                .section("umask").line("umask")
                .section("ids").line("id -u; id -g");
        attrs.lookups(q);
        q.line("if [ -f \"$_dvw\" ]; then if [ -r \"$_dvw\" ]; then " + RemoteScript.sectionCommand("content")
                + "; base64 < \"$_dvw\"; else " + RemoteScript.sectionCommand("unreadable") + "; fi; fi");
        CommandResult r = ctx.exec(q.text());
        Map<String, String> s = q.sections(r.stdout());
        String path = s.containsKey("path") ? stripNewline(s.get("path")) : pathArg;
        if (s.containsKey("isdir")) {
            return new Target(path, path, null, true, false, 022, 0, 0, null, null, null);
        }
        if (!s.containsKey("ids")) {
            return new Target(path, path, null, false, false, 022, 0, 0, null,
                    "could not examine " + path + " on the target: " + r.stderr().strip(), null);
        }
        String probed = path.contains("/") ? path : "./" + path;
        PathState state = PathState.parse(probed, s.get("state"));
        String writePath = s.containsKey("real") ? s.get("real").strip() : probed;
        String[] ids = s.get("ids").strip().split("\n");
        String content = null;
        String readError = null;
        if (s.containsKey("content")) {
            byte[] bytes = Base64.getMimeDecoder().decode(s.get("content").strip());
            content = new String(bytes, StandardCharsets.ISO_8859_1);
        } else if (s.containsKey("unreadable")) {
            readError = "PermissionError: [Errno 13] Permission denied: '" + path + "'";
        } else if (state.exists()) {
            readError = "IsADirectoryError: [Errno 21] Is a directory: '" + path + "'";
        }
        return new Target(path, writePath, state, false, s.containsKey("noparent"),
                Integer.parseInt(s.get("umask").strip(), 8), Long.parseLong(ids[0].strip()),
                Long.parseLong(ids[1].strip()), content, readError, attrs.resolve(s));
    }

    private static String stripNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * What {@link #apply} did.
     *
     * @param failure    the task's failure result, or null
     * @param backupFile the backup's path, or null
     * @param attrs      the owner/group/mode part: changed, and Ansible's attribute diff ({@code before}/{@code after}
     *                   with the changed keys, then the {@code "PATH (file attributes)"} headers)
     */
    record Applied(ModuleResult failure, String backupFile, boolean attrsChanged, Map<String, Object> attrDiff) {
    }

    /**
     * Round trip 2, skipped when nothing changes and in check mode: writes {@code newContent} (null = keep the
     * content) atomically with validate and backup, and applies owner/group/mode as Ansible's
     * {@code set_fs_attributes_if_different} does afterwards.
     */
    static Applied apply(ModuleContext ctx, Target t, FileAttrs attrs, String newContent, boolean backup,
                         String validate) throws ConnectionException {
        boolean write = newContent != null && !ctx.checkMode();
        boolean existsAfter = t.exists() || write;
        FileAttrs.Change change = new FileAttrs.Change(null, null, null, Map.of(), Map.of());
        // Ansible writes the content first and fails on owner/group/mode afterwards, so these failures wait.
        ModuleResult.Builder attrFailure = null;
        int newMode = 0666 & ~t.umask();
        if (t.ids().error() != null && existsAfter) {
            attrFailure = ModuleResult.builder().failed(t.ids().error()).put("path", t.path());
        } else if (existsAfter) {
            try {
                change = t.exists() ? attrs.plan(t.ids(), t.state().uid(), t.state().gid(), t.state().mode(), false, t.umask())
                        : attrs.plan(t.ids(), t.uid(), t.gid(), newMode, false, t.umask());
            } catch (FileMode.InvalidModeException e) {
                attrFailure = ModuleResult.builder().failed(FileMode.INVALID).put("path", t.path())
                        .put("details", e.getMessage());
            }
        }
        Map<String, Object> attrDiff = new LinkedHashMap<>();
        // Drover prints whatever diff a changed result carries, so outside diff mode the attribute change stays out;
        // the content diff is then empty, as in Ansible, and prints nothing.
        if (change.any() && ctx.diffMode()) {
            attrDiff.put("before", new LinkedHashMap<>(change.before()));
            attrDiff.put("after", new LinkedHashMap<>(change.after()));
        }
        attrDiff.put("before_header", t.path() + " (file attributes)");
        attrDiff.put("after_header", t.path() + " (file attributes)");

        String backupFile = null;
        PathState after = t.state();
        if (write && validate != null && !validate.contains("%s")) {
            return new Applied(ModuleResult.failed("validate must contain %s: " + validate), null, false, attrDiff);
        }
        AtomicWriter.Item item = null;
        if (write) {
            String makeDir = t.exists() || !t.parentMissing() ? null : FileDeploy.parent(t.writePath());
            item = new AtomicWriter.Item(t.writePath(), newContent.getBytes(StandardCharsets.ISO_8859_1),
                    t.exists() ? t.state() : null, newMode, change, validate, backup && t.exists(), makeDir, null);
        } else if (change.any() && !ctx.checkMode()) {
            item = new AtomicWriter.Item(t.writePath(), null, t.state(), newMode, change, null, false, null, null);
        }
        if (item != null) {
            AtomicWriter.Outcome out = AtomicWriter.apply(ctx, List.of(item));
            if (out.failed()) {
                String msg = out.failure().equals("failed to validate")
                        ? "failed to validate: rc:" + out.extra().get("exit_status") + " error:" + out.extra().get("stderr")
                        : out.failure();
                return new Applied(ModuleResult.failed(msg), null, false, attrDiff);
            }
            backupFile = out.written().get(0).backupFile();
            after = out.written().get(0).after();
        }
        if (attrFailure != null) {
            // fail_json with a path adds the path's facts (add_path_info).
            return new Applied(attrFailure.putAll(FileDeploy.pathInfo(after)).build(), backupFile, false, attrDiff);
        }
        return new Applied(null, backupFile, change.any(), attrDiff);
    }

    /** Ansible's msg once attributes were applied: {@code "line added and ownership, perms or SE linux context changed"}. */
    static String withAttrs(String msg, boolean contentChanged, boolean attrsChanged) {
        if (!attrsChanged) {
            return msg;
        }
        return (contentChanged ? msg + " and " : msg) + "ownership, perms or SE linux context changed";
    }

    /** A module that raised on the target: Ansible's generic failure shape, with the exception as its stderr. */
    static ModuleResult crash(String exception) {
        String traceback = "Traceback (most recent call last):\n" + exception + "\n";
        return ModuleResult.builder().failed("MODULE FAILURE\nSee stdout/stderr for the exact error")
                .put("module_stdout", "")
                .put("module_stderr", traceback)
                .put("exception", traceback)
                .put("rc", 1L).build();
    }

    /** The text Ansible puts in a diff ({@code to_native} of the bytes): UTF-8 decoded. */
    static String text(String bytes) {
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** Text from the task (UTF-8) as a byte string. */
    static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
