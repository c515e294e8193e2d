package io.drover.modules.files;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.modules.commands.ShellText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts controller-side content into one file on the target, as the copy action (and template, which renders and
 * then copies) does: plan, then apply.
 *
 * <p><b>Round trips.</b> 1 — the query: where the file really goes (a directory dest gets the source's basename),
 * its state and SHA-1, whether its directory exists, the umask, owner/group ids, and in diff mode the old content
 * when it differs. If nothing differs (or check mode), that is all. 2 — the apply ({@link AtomicWriter}): content
 * on standard input, temp file, attributes, validate, backup, rename, final state, all in one exec. So an
 * unchanged file costs one round trip and a changed one two, the transfer riding on the second.
 */
public final class FileDeploy {

    /** Ansible's MAX_FILE_SIZE_FOR_DIFF. */
    static final int MAX_DIFF_SIZE = 104448;

    /**
     * One deployment.
     *
     * @param dest          {@code dest} as the task gave it
     * @param basename      name the file gets inside a directory dest (the source's basename); null for content
     * @param content       the bytes the file must hold
     * @param src           {@code src} reported when nothing was written ({@code force: false})
     * @param afterHeader   diff header of the new content ({@code +++ after: X}); null for none
     * @param attrs         requested owner/group/mode
     * @param directoryMode mode for directories created for a dest ending in {@code /}; null = umask default
     */
    public record Request(String dest, String basename, byte[] content, String src, String afterHeader, boolean follow,
                          boolean force, boolean backup, String validate, FileAttrs attrs, Object directoryMode,
                          String remoteSrc, OnDirectory onDirectory) {
        /** Content from the controller. */
        public Request(String dest, String basename, byte[] content, String src, String afterHeader, boolean follow,
                       boolean force, boolean backup, String validate, FileAttrs attrs, Object directoryMode) {
            this(dest, basename, content, src, afterHeader, follow, force, backup, validate, attrs, directoryMode, null,
                    null);
        }
    }

    /** What a {@code remote_src} copy does when its source turns out to be a directory (found by the query). */
    public interface OnDirectory {
        ModuleResult run() throws ConnectionException;
    }

    private FileDeploy() {
    }

    public static String sha1(byte[] b) {
        return digest("SHA-1", b);
    }

    public static String md5(byte[] b) {
        return digest("MD5", b);
    }

    private static String digest(String algo, byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ModuleResult run(ModuleContext ctx, Request req) throws ConnectionException {
        boolean remote = req.remoteSrc() != null;
        String localSum = remote ? null : sha1(req.content());
        boolean dirDest = req.dest().endsWith("/");
        if (req.basename() == null && dirDest) {
            return ModuleResult.failed("can not use content with a dir as dest");
        }
        try {
            req.attrs().checkMode();
        } catch (FileMode.InvalidModeException e) {
            return ModuleResult.builder().failed(FileMode.INVALID).put("details", e.getMessage()).build();
        }

        // Round trip 1: the query.
        RemoteScript q = new RemoteScript();
        if (remote) {
            q.line("_dvs=" + ShellText.expandingWord(req.remoteSrc()))
                    .line("[ -e \"$_dvs\" ] || { " + RemoteScript.sectionCommand("nosrc") + "; printf '%s\\n' \"$_dvs\"; exit 0; }")
                    .line("[ -d \"$_dvs\" ] && { " + RemoteScript.sectionCommand("srcdir") + "; exit 0; }")
                    .line("[ -f \"$_dvs\" ] || { " + RemoteScript.sectionCommand("notfile") + "; printf '%s\\n' \"$_dvs\"; exit 0; }")
                    .section("src").line("printf '%s\\n' \"$_dvs\"")
                    .section("srcsum").line("_dvh=$(sha1sum < \"$_dvs\") && printf '%s\\n' \"${_dvh%% *}\"")
                    .line("_dvh=$(md5sum < \"$_dvs\") && printf '%s\\n' \"${_dvh%% *}\"");
        }
        q.line("_dvd=" + ShellText.expandingWord(req.dest()))
                .line("case $_dvd in */*) ;; *) _dvd=./$_dvd;; esac");
        if (dirDest) {
            q.line("_dvd=${_dvd}" + ShellText.quote(req.basename()));
        } else if (req.basename() == null) {
            q.line("[ -d \"$_dvd\" ] && { " + RemoteScript.sectionCommand("isdir") + "; exit 0; }");
        } else {
            q.line("[ -d \"$_dvd\" ] && _dvd=$_dvd/" + ShellText.quote(req.basename()));
        }
        q.section("dest").line("printf '%s\\n' \"$_dvd\"")
                .line("_dvx=$(_dvst \"$_dvd\" " + (req.follow() ? 1 : 0) + " sha1)")
                .section("state").line("printf '%s\\n' \"$_dvx\"")
                .line("[ -L \"$_dvd\" ] && { " + RemoteScript.sectionCommand("real") + "; readlink -f \"$_dvd\"; }")
                .line("_dvp=$(dirname \"$_dvd\")")
                .line("[ -d \"$_dvp\" ] || " + RemoteScript.sectionCommand("noparent"))
                .section("umask").line("umask");
        req.attrs().lookups(q);
        if (ctx.diffMode() && !remote) {
            q.line("case $_dvx in *'C " + localSum + "'*) ;; *) if [ -f \"$_dvd\" ] && [ -r \"$_dvd\" ] && "
                    + "[ \"$(wc -c < \"$_dvd\")\" -le " + MAX_DIFF_SIZE + " ]; then "
                    + RemoteScript.sectionCommand("content") + "; cat \"$_dvd\"; fi;; esac");
        }
        CommandResult qr = ctx.exec(q.text());
        Map<String, String> s = q.sections(qr.stdout());
        if (s.containsKey("nosrc")) {
            return ModuleResult.failed("Source " + s.get("nosrc").strip() + " not found");
        }
        if (s.containsKey("srcdir") && req.onDirectory() != null) {
            return req.onDirectory().run();
        }
        if (s.containsKey("notfile")) {
            return ModuleResult.failed("Cannot copy invalid source '" + s.get("notfile").strip() + "': not a file");
        }
        String remoteMd5 = null;
        String remoteSrc = null;
        if (remote) {
            String[] sums = s.getOrDefault("srcsum", "").strip().split("\n");
            if (sums.length < 2) {
                return ModuleResult.failed("Source " + req.remoteSrc() + " not readable");
            }
            localSum = sums[0].strip();
            remoteMd5 = sums[1].strip();
            remoteSrc = s.get("src").strip();
        }
        if (s.containsKey("isdir")) {
            return ModuleResult.failed("can not use content with a dir as dest");
        }
        if (!s.containsKey("umask")) {
            return ModuleResult.failed("could not examine " + req.dest() + " on the target: " + qr.stderr().strip());
        }
        String destFile = s.get("dest").strip();
        PathState state = PathState.parse(destFile, s.get("state"));
        int umask = Integer.parseInt(s.get("umask").strip(), 8);
        String real = s.containsKey("real") ? s.get("real").strip() : null;

        if (state.exists() && !req.force()) {
            if (remote) {
                return ModuleResult.builder().changed(false).put("dest", destFile).put("src", remoteSrc)
                        .msg("file already exists").build();
            }
            ModuleResult.Builder b = ModuleResult.builder().changed(false).put("dest", expandedDestArg(req, destFile));
            if (req.src() != null) {
                b.put("src", req.src());
            }
            return b.build();
        }
        // With follow, a link's target is the file we compare with and write to.
        String writePath = req.follow() && state.exists() && real != null ? real : destFile;
        boolean contentChanged = !state.exists() || !localSum.equals(state.checksum())
                || (state.isLink() && !req.follow());
        FileAttrs.Ids ids = req.attrs().resolve(s);
        if (ids.error() != null && !ctx.checkMode()) {
            return ModuleResult.builder().failed(ids.error()).put("path", writePath).build();
        }
        if (ids.error() != null) {
            ids = new FileAttrs.Ids(null, null, null);
        }
        boolean inherit = state.exists() && !(state.isLink() && !req.follow());
        int newMode = 0666 & ~umask;
        FileAttrs.Change change;
        try {
            change = inherit ? req.attrs().plan(ids, state.uid(), state.gid(), state.mode(), false, umask)
                    : req.attrs().plan(ids, -1, -1, newMode, false, umask);
        } catch (FileMode.InvalidModeException e) {
            return ModuleResult.builder().failed(FileMode.INVALID).put("details", e.getMessage()).build();
        }

        if (contentChanged) {
            List<Object> diff = new ArrayList<>();
            if (ctx.diffMode() && !remote) {
                diff.add(contentDiff(state, destFile, s.get("content"), req));
            }
            if (ctx.checkMode() && remote) {
                return ModuleResult.builder().changed(true).put("dest", destFile).put("src", remoteSrc)
                        .put("md5sum", remoteMd5).put("checksum", localSum).putAll(pathInfo(state)).build();
            }
            if (ctx.checkMode()) {
                ModuleResult.Builder b = ModuleResult.builder().changed(true);
                if (!diff.isEmpty()) {
                    b.put("diff", diff);
                }
                return b.build();
            }
            if (s.containsKey("noparent") && !dirDest) {
                return ModuleResult.builder().changed(false).put("checksum", localSum)
                        .msg("Destination directory " + parent(destFile) + " does not exist").put("failed", true).build();
            }
            String makeDir = s.containsKey("noparent") ? parent(destFile) : null;
            AtomicWriter.Item item = new AtomicWriter.Item(writePath, req.content(), inherit ? state : null, newMode,
                    change, req.validate(), req.backup(), makeDir, makeDir == null ? null : dirCommands(req, ids),
                    remoteSrc);
            if (req.validate() != null && !req.validate().contains("%s")) {
                return ModuleResult.builder().changed(false).put("checksum", localSum)
                        .msg("validate must contain %s: " + req.validate()).put("failed", true).build();
            }
            AtomicWriter.Outcome out = AtomicWriter.apply(ctx, List.of(item));
            if (out.failed()) {
                return failure(out, localSum);
            }
            AtomicWriter.Written w = out.written().get(0);
            ModuleResult.Builder b = ModuleResult.builder().changed(true)
                    .put("dest", writePath).put("src", remote ? remoteSrc : w.tempPath())
                    .put("md5sum", remote ? remoteMd5 : md5(req.content()))
                    .put("checksum", localSum);
            if (w.backupFile() != null) {
                b.put("backup_file", w.backupFile());
            }
            b.putAll(pathInfo(w.after()));
            if (!diff.isEmpty()) {
                b.put("diff", diff);
            }
            return b.build();
        }

        // Same content: only attributes may differ (Ansible hands this to the file module).
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        before.put("path", writePath);
        after.put("path", writePath);
        before.putAll(change.before());
        after.putAll(change.after());
        Map<String, Object> diff = Map.of("before", before, "after", after);
        PathState current = state;
        if (change.any() && !ctx.checkMode()) {
            AtomicWriter.Outcome out = AtomicWriter.apply(ctx, List.of(new AtomicWriter.Item(writePath, null, state,
                    newMode, change, null, false, null, null, null)));
            if (out.failed()) {
                return failure(out, localSum);
            }
            current = out.written().get(0).after();
        }
        ModuleResult.Builder b = ModuleResult.builder().changed(change.any())
                .put("dest", writePath).put("checksum", localSum);
        if (remote) {
            b.put("src", remoteSrc).put("md5sum", remoteMd5);
        } else {
            b.put("path", writePath);
        }
        b.putAll(pathInfo(current));
        // The file module reports the attribute diff; a remote_src copy is done by the copy module, which has none.
        if (ctx.diffMode() && !remote) {
            b.put("diff", diff);
        }
        return b.build();
    }

    /** Ansible reports {@code dest} of a skipped ({@code force: false}) copy as the argument, {@code ~} expanded. */
    private static String expandedDestArg(Request req, String destFile) {
        return req.dest().startsWith("~") ? destFile : req.dest();
    }

    private static String dirCommands(Request req, FileAttrs.Ids ids) {
        StringBuilder sb = new StringBuilder();
        if (ids.uid() != null) {
            sb.append("chown ").append(ids.uid()).append(" \"$1\" || return 1; ");
        }
        if (ids.gid() != null) {
            sb.append("chgrp ").append(ids.gid()).append(" \"$1\" || return 1; ");
        }
        if (req.directoryMode() != null) {
            FileMode m = FileMode.of(req.directoryMode());
            String text = m.octal() != null ? Integer.toOctalString(m.octal()) : m.symbolic();
            sb.append("chmod ").append(ShellText.quote(text)).append(" \"$1\" || return 1; ");
        }
        return sb.toString();
    }

    static String parent(String path) {
        int at = path.lastIndexOf('/');
        return at <= 0 ? (at == 0 ? "/" : ".") : path.substring(0, at);
    }

    private static ModuleResult failure(AtomicWriter.Outcome out, String localSum) {
        ModuleResult.Builder b = ModuleResult.builder().changed(false).put("checksum", localSum).putAll(out.extra());
        if (out.extra().containsKey("stdout")) {
            b.put("stdout_lines", lines((String) out.extra().get("stdout")));
            b.put("stderr_lines", lines((String) out.extra().get("stderr")));
        }
        return b.put("failed", true).msg(out.failure()).build();
    }

    /** Python's splitlines(), as Ansible adds {@code stdout_lines}. */
    static List<String> lines(String text) {
        return text.lines().toList();
    }

    /** Ansible's add_path_info: the keys every file result carries about the path. */
    public static Map<String, Object> pathInfo(PathState st) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (st == null || !st.exists()) {
            return m;
        }
        m.put("uid", st.uid());
        m.put("gid", st.gid());
        m.put("owner", st.ownerName());
        m.put("group", st.groupName());
        m.put("mode", FileMode.display(st.mode()));
        m.put("state", st.ansibleState());
        m.put("size", st.size());
        return m;
    }

    /** One entry of the content diff, shaped as Ansible's action plugins build it. */
    static Map<String, Object> contentDiff(PathState state, String destFile, String oldContent, Request req) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (!state.exists()) {
            d.put("before", "");
        } else if (oldContent != null) {
            if (oldContent.substring(0, Math.min(8192, oldContent.length())).indexOf('\0') >= 0) {
                d.put("dst_binary", 1);
            } else {
                d.put("before_header", destFile);
                d.put("before", oldContent);
            }
        } else if (state.size() > MAX_DIFF_SIZE) {
            d.put("dst_larger", MAX_DIFF_SIZE);
        }
        byte[] c = req.content();
        if (c.length > MAX_DIFF_SIZE) {
            d.put("src_larger", MAX_DIFF_SIZE);
        } else if (indexOf(c, (byte) 0) >= 0) {
            d.put("src_binary", 1);
        } else if (req.afterHeader() != null) {
            d.put("after_header", req.afterHeader());
            d.put("after", new String(c, StandardCharsets.UTF_8));
        }
        return d;
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
