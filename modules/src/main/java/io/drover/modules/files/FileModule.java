package io.drover.modules.files;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.modules.commands.ShellText;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code file}: makes a path absent, a directory (with parents), a file's attributes, a symlink, a hard link, or
 * touches it, with Ansible's results, messages and {@code {before, after}} diff.
 *
 * <p><b>Round trips:</b> 1 — the query (the path, the link target or {@code src}, the umask, owner/group ids and,
 * with {@code recurse}, every entry below); when nothing must change (or in check mode) that is all. 2 — the apply,
 * which ends with the path's new state.
 */
public final class FileModule implements Module {

    @Override
    public String name() {
        return "file";
    }

    @Override
    public ArgSpec argSpec() {
        return FileArgs.common(ArgSpec.builder())
                .add(ArgSpec.option("path", Type.PATH).asRequired().aliases("dest", "name"))
                .add(ArgSpec.option("state", Type.STR).choices("absent", "directory", "file", "hard", "link", "touch"))
                .add(ArgSpec.option("src", Type.PATH))
                .add(ArgSpec.option("recurse", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("force", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("follow", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("modification_time", Type.STR))
                .add(ArgSpec.option("modification_time_format", Type.STR).withDefault("%Y%m%d%H%M.%S"))
                .add(ArgSpec.option("access_time", Type.STR))
                .add(ArgSpec.option("access_time_format", Type.STR).withDefault("%Y%m%d%H%M.%S"))
                .build();
    }

    /** The query's answers. */
    private record Facts(String path, PathState state, PathState target, String real, boolean srcExists,
                         PathState srcState, boolean emptyDir, int umask, FileAttrs.Ids ids, List<PathState> entries) {
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Args args = ctx.args();
        String state = args.str("state");
        String src = args.str("src");
        boolean follow = !Boolean.FALSE.equals(args.raw("follow"));
        boolean force = args.bool("force");
        boolean recurse = args.bool("recurse");
        FileAttrs attrs = FileAttrs.of(args);
        try {
            attrs.checkMode();
        } catch (FileMode.InvalidModeException e) {
            return ModuleResult.builder().failed(FileMode.INVALID).put("details", e.getMessage()).build();
        }

        // Round trip 1.
        RemoteScript q = new RemoteScript();
        q.line("_dvp=" + ShellText.expandingWord(args.str("path")));
        if (src != null && !"link".equals(state) && !"absent".equals(state)) {
            q.line("[ -d \"$_dvp\" ] && _dvp=$_dvp/" + ShellText.quote(basename(src)));
        }
        q.section("path").line("printf '%s\\n' \"$_dvp\"")
                .stat("state", "\"$_dvp\"", false, null)
                .line("if [ -L \"$_dvp\" ]; then " + RemoteScript.sectionCommand("real")
                        + "; readlink -f \"$_dvp\" || readlink -m \"$_dvp\"; _dvr=$(readlink -f \"$_dvp\"); "
                        + RemoteScript.sectionCommand("target") + "; _dvst \"$_dvr\" 0 ''; fi")
                .section("umask").line("umask");
        if (src != null) {
            // A symlink's src is relative to the link's directory; a hard link's to the working directory.
            q.line("_dvs=" + ShellText.expandingWord(src));
            if ("link".equals(state)) {
                q.line("case $_dvs in /*) _dva=$_dvs;; *) if [ -d \"$_dvp\" ] && [ ! -L \"$_dvp\" ]; then "
                        + "_dva=$_dvp/$_dvs; else _dva=$(dirname \"$_dvp\")/$_dvs; fi;; esac");
            } else {
                q.line("_dva=$_dvs");
            }
            q.line("[ -e \"$_dva\" ] && " + RemoteScript.sectionCommand("srcexists"))
                    .stat("srcstate", "\"$_dva\"", true, null);
        }
        q.line("[ -d \"$_dvp\" ] && [ -z \"$(ls -A \"$_dvp\" 2>/dev/null)\" ] && "
                + RemoteScript.sectionCommand("emptydir"));
        if (recurse) {
            q.line("if [ -d \"$_dvp\" ]; then find \"$_dvp\" -mindepth 1 | while IFS= read -r _dve; do "
                    + RemoteScript.sectionCommand("entry") + "; printf '%s\\n' \"$_dve\"; _dvst \"$_dve\" 0 ''; done; fi");
        }
        attrs.lookups(q);
        CommandResult qr = ctx.exec(q.text());
        Map<String, String> s = q.sections(qr.stdout());
        if (!s.containsKey("umask")) {
            return ModuleResult.failed("could not examine " + args.str("path") + ": " + qr.stderr().strip());
        }
        String path = s.get("path").strip();
        PathState st = PathState.parse(path, s.get("state"));
        FileAttrs.Ids ids = attrs.resolve(s);
        if (ids.error() != null) {
            if (!ctx.checkMode() && !"absent".equals(state)) {
                return ModuleResult.builder().failed(ids.error()).put("path", path).build();
            }
            ids = new FileAttrs.Ids(null, null, null);
        }
        Facts f = new Facts(path, st, s.containsKey("target") ? PathState.parse(null, s.get("target")) : null,
                s.containsKey("real") ? s.get("real").strip() : null, s.containsKey("srcexists"),
                s.containsKey("srcstate") ? PathState.parse(src, s.get("srcstate")) : null, s.containsKey("emptydir"),
                Integer.parseInt(s.get("umask").strip(), 8), ids, entries(qr.stdout(), q));

        String prev = st.ansibleState();
        if (state == null) {
            state = !prev.equals("absent") ? prev : recurse ? "directory" : "file";
        }
        if (recurse && !state.equals("directory")) {
            return ModuleResult.builder().failed("recurse option requires state to be 'directory'").put("path", path).build();
        }
        if (src != null && !state.equals("link") && !state.equals("hard")) {
            return ModuleResult.builder().failed("src option requires state to be 'link' or 'hard'").put("path", path).build();
        }
        try {
            ModuleResult result = switch (state) {
                case "absent" -> absent(ctx, f);
                case "directory" -> directory(ctx, f, attrs, follow, recurse);
                case "link" -> link(ctx, f, attrs, src, follow, force);
                case "hard" -> hard(ctx, f, attrs, src, force);
                case "touch" -> touch(ctx, f, attrs, args);
                default -> file(ctx, f, attrs, follow, args);
            };
            if (!ctx.diffMode() && result.data().containsKey("diff")) {
                // Ansible's file module returns its diff always, but the printer shows only what diff mode asked for.
                Map<String, Object> data = new LinkedHashMap<>(result.data());
                data.remove("diff");
                return ModuleResult.of(data);
            }
            return result;
        } catch (FileMode.InvalidModeException e) {
            return ModuleResult.builder().failed(FileMode.INVALID).put("details", e.getMessage()).put("path", path).build();
        } catch (java.time.format.DateTimeParseException | IllegalArgumentException e) {
            return ModuleResult.failed("Error while obtaining timestamp for time using format: " + e.getMessage());
        }
    }

    private static List<PathState> entries(String output, RemoteScript q) {
        List<PathState> out = new ArrayList<>();
        // Entries repeat the same section names; split on the marker by hand.
        String[] parts = output.split("\n");
        String pendingPath = null;
        StringBuilder pendingState = null;
        int mode = 0; // 0 none, 1 expecting path, 2 reading state
        for (String line : parts) {
            if (line.startsWith("__drover_") && line.endsWith("_entry")) {
                if (pendingPath != null) {
                    out.add(PathState.parse(pendingPath, pendingState.toString()));
                }
                pendingPath = null;
                pendingState = new StringBuilder();
                mode = 1;
            } else if (line.startsWith("__drover_")) {
                if (pendingPath != null) {
                    out.add(PathState.parse(pendingPath, pendingState.toString()));
                }
                pendingPath = null;
                mode = 0;
            } else if (mode == 1) {
                pendingPath = line;
                mode = 2;
            } else if (mode == 2) {
                pendingState.append(line).append('\n');
            }
        }
        if (pendingPath != null) {
            out.add(PathState.parse(pendingPath, pendingState.toString()));
        }
        return out;
    }

    private static String basename(String p) {
        String t = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        return t.substring(t.lastIndexOf('/') + 1);
    }

    private static Map<String, Object> side(String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        return m;
    }

    private static Map<String, Object> diff(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("before", before);
        d.put("after", after);
        return d;
    }

    /** Runs {@code commands} (ending with a stat of {@code statPath}) and returns the state after. */
    private static Applied apply(ModuleContext ctx, String commands, String statPath) throws ConnectionException {
        RemoteScript a = new RemoteScript();
        a.line("_dvfail() { " + RemoteScript.sectionCommand("fail") + "; printf '%s\\n' \"$1\"; exit 0; }")
                .line(commands)
                .stat("after", ShellText.quote(statPath), false, null);
        CommandResult r = ctx.exec(a.text());
        Map<String, String> s = a.sections(r.stdout());
        if (s.containsKey("fail")) {
            return new Applied(null, s.get("fail").strip());
        }
        if (!s.containsKey("after")) {
            return new Applied(null, r.stderr().isBlank() ? "the change failed on the target" : r.stderr().strip());
        }
        return new Applied(PathState.parse(statPath, s.get("after")), null);
    }

    private record Applied(PathState after, String error) {
    }

    private static ModuleResult absent(ModuleContext ctx, Facts f) throws ConnectionException {
        String prev = f.state().ansibleState();
        if (prev.equals("absent")) {
            return ModuleResult.builder().changed(false).put("path", f.path()).put("state", "absent").build();
        }
        Map<String, Object> before = side(f.path());
        Map<String, Object> after = side(f.path());
        before.put("state", prev);
        after.put("state", "absent");
        if (!ctx.checkMode()) {
            String q = ShellText.quote(f.path());
            String cmd = prev.equals("directory")
                    ? "_dve=$(rm -rf " + q + " 2>&1) || _dvfail \"rmtree failed: $_dve\""
                    : "_dve=$(rm -f " + q + " 2>&1) || _dvfail \"unlinking failed: $_dve \"";
            Applied a = apply(ctx, cmd, f.path());
            if (a.error() != null) {
                return ModuleResult.builder().failed(a.error()).put("path", f.path()).build();
            }
        }
        return ModuleResult.builder().changed(true).put("path", f.path()).put("diff", diff(before, after))
                .put("state", "absent").build();
    }

    private static ModuleResult file(ModuleContext ctx, Facts f, FileAttrs attrs, boolean follow, Args args)
            throws ConnectionException, FileMode.InvalidModeException {
        String path = f.path();
        PathState st = f.state();
        if (follow && st.isLink() && f.real() != null) {
            path = f.real();
            st = f.target() != null ? new PathStateAt(f.target(), path).value() : st;
        }
        String prev = st.ansibleState();
        if (!prev.equals("file") && !prev.equals("hard")) {
            return ModuleResult.builder().failed("file (" + path + ") is " + prev + ", cannot continue")
                    .put("path", path).put("state", prev).build();
        }
        Map<String, Object> before = side(path);
        Map<String, Object> after = side(path);
        if (!prev.equals("file")) {
            before.put("state", prev);
            after.put("state", "file");
        }
        FileAttrs.Change change = attrs.plan(f.ids(), st.uid(), st.gid(), st.mode(), false, f.umask());
        before.putAll(change.before());
        after.putAll(change.after());
        Times times = Times.of(args, "file");
        String timeCmd = times.commands(path, st, before, after);
        boolean changed = change.any() || !timeCmd.isEmpty();
        PathState now = st;
        if (changed && !ctx.checkMode()) {
            Applied a = apply(ctx, "_dvd=" + ShellText.quote(path) + "\n" + change.commands("\"$_dvd\"", false)
                    + timeCmd, path);
            if (a.error() != null) {
                return ModuleResult.builder().failed(a.error()).put("path", path).build();
            }
            now = a.after();
        }
        return ModuleResult.builder().changed(changed).put("path", path).put("diff", diff(before, after))
                .putAll(FileDeploy.pathInfo(now)).build();
    }

    /** A state re-labelled with the path it was read at (for a followed link). */
    private record PathStateAt(PathState s, String path) {
        PathState value() {
            return new PathState(path, s.exists(), s.error(), s.type(), s.mode(), s.uid(), s.gid(), s.owner(),
                    s.group(), s.size(), s.nlink(), s.inode(), s.dev(), s.blocks(), s.blockSize(), s.rdev(), s.mtime(),
                    s.atime(), s.ctime(), s.linkTarget(), s.linkSource(), s.access(), s.checksum());
        }
    }

    private static ModuleResult directory(ModuleContext ctx, Facts f, FileAttrs attrs, boolean follow, boolean recurse)
            throws ConnectionException, FileMode.InvalidModeException {
        String path = f.path();
        PathState st = f.state();
        if (follow && st.isLink() && f.real() != null) {
            path = f.real();
            st = f.target() != null ? new PathStateAt(f.target(), path).value() : PathState.absent(path);
        }
        String prev = st.ansibleState();
        Map<String, Object> before = side(path);
        Map<String, Object> after = side(path);
        if (!prev.equals("directory")) {
            before.put("state", prev);
            after.put("state", "directory");
        }
        if (prev.equals("absent")) {
            int newMode = 0777 & ~f.umask();
            FileAttrs.Change change = attrs.plan(f.ids(), -1, -1, newMode, true, f.umask());
            if (attrs.mode() != null) {
                int wanted = attrs.mode().resolve(newMode, true, f.umask());
                if (wanted != newMode) {
                    before.put("mode", FileMode.display(newMode));
                    after.put("mode", FileMode.display(wanted));
                }
            }
            if (ctx.checkMode()) {
                return ModuleResult.builder().changed(true).put("path", path).put("diff", diff(before, after)).build();
            }
            String cmds = "_dvmk() { [ -d \"$1\" ] && return 0; _dvmk \"$(dirname \"$1\")\" || return 1; "
                    + "mkdir \"$1\" || return 1; " + change.commands("\"$1\"", false).replace("_dvfail", "return 1 #")
                    + "}\n_dve=$(_dvmk " + ShellText.quote(path) + " 2>&1) || _dvfail \"There was an issue creating "
                    + path.replace("\"", "\\\"") + " as requested: $_dve\"";
            Applied a = apply(ctx, cmds, path);
            if (a.error() != null) {
                return ModuleResult.builder().failed(a.error()).put("path", path).build();
            }
            return ModuleResult.builder().changed(true).put("path", path).put("diff", diff(before, after))
                    .putAll(FileDeploy.pathInfo(a.after())).build();
        }
        if (!prev.equals("directory")) {
            return ModuleResult.builder().failed(path + " already exists as a " + prev).put("path", path).build();
        }
        FileAttrs.Change change = attrs.plan(f.ids(), st.uid(), st.gid(), st.mode(), true, f.umask());
        before.putAll(change.before());
        after.putAll(change.after());
        StringBuilder cmds = new StringBuilder("_dvd=" + ShellText.quote(path) + "\n" + change.commands("\"$_dvd\"", false));
        boolean changed = change.any();
        if (recurse) {
            for (PathState e : f.entries()) {
                if (!e.exists()) {
                    continue;
                }
                FileAttrs.Change c = attrs.plan(f.ids(), e.uid(), e.gid(), e.mode(), e.isDirectory(), f.umask());
                if (e.isLink()) {
                    c = new FileAttrs.Change(c.uid(), c.gid(), null, Map.of(), Map.of());
                }
                if (c.any()) {
                    changed = true;
                    cmds.append(c.commands(ShellText.quote(e.path()), e.isLink()));
                }
            }
        }
        PathState now = st;
        if (changed && !ctx.checkMode()) {
            Applied a = apply(ctx, cmds.toString(), path);
            if (a.error() != null) {
                return ModuleResult.builder().failed(a.error()).put("path", path).build();
            }
            now = a.after();
        }
        return ModuleResult.builder().changed(changed).put("path", path).put("diff", diff(before, after))
                .putAll(FileDeploy.pathInfo(now)).build();
    }

    private static ModuleResult link(ModuleContext ctx, Facts f, FileAttrs attrs, String src, boolean follow,
                                     boolean force) throws ConnectionException, FileMode.InvalidModeException {
        String path = f.path();
        PathState st = f.state();
        String prev = st.ansibleState();
        if (src == null && follow && st.isLink()) {
            src = st.linkTarget();
        }
        if (!force && src != null && !f.srcExists()) {
            String absrc = src.startsWith("/") ? src
                    : (st.isDirectory() ? path : FileDeploy.parent(path)) + "/" + src;
            return ModuleResult.builder().failed("src file does not exist, use \"force=yes\" if you really want to "
                    + "create the link: " + absrc).put("path", path).put("src", src).build();
        }
        if (prev.equals("directory")) {
            if (!force) {
                return ModuleResult.builder().failed("refusing to convert from directory to symlink for " + path)
                        .put("path", path).build();
            }
            if (!f.emptyDir()) {
                return ModuleResult.builder().failed("the directory " + path + " is not empty, refusing to convert it")
                        .put("path", path).build();
            }
        } else if ((prev.equals("file") || prev.equals("hard")) && !force) {
            return ModuleResult.builder().failed("refusing to convert from " + prev + " to symlink for " + path)
                    .put("path", path).build();
        }
        Map<String, Object> before = side(path);
        Map<String, Object> after = side(path);
        if (!prev.equals("link")) {
            before.put("state", prev);
            after.put("state", "link");
        }
        boolean changed;
        if (!prev.equals("link")) {
            if (src == null) {
                return ModuleResult.failed("src is required for creating new symlinks");
            }
            changed = true;
        } else {
            changed = src != null && !src.equals(st.linkTarget());
            if (changed) {
                before.put("src", st.linkTarget());
                after.put("src", src);
            }
        }
        if (ctx.checkMode() && prev.equals("absent")) {
            return ModuleResult.builder().changed(changed).put("dest", path).put("src", src)
                    .put("diff", diff(before, after)).build();
        }
        // Attributes go to the link's target when following (and the target exists), else to the link itself.
        PathState target = f.srcState();
        boolean targetExists = target != null && target.exists();
        FileAttrs.Change change = new FileAttrs.Change(null, null, null, Map.of(), Map.of());
        if (follow && targetExists) {
            change = attrs.plan(f.ids(), target.uid(), target.gid(), target.mode(), target.isDirectory(), f.umask());
        } else if (!follow && st.isLink()) {
            change = attrs.plan(f.ids(), st.uid(), st.gid(), st.mode(), false, f.umask());
            change = new FileAttrs.Change(change.uid(), change.gid(), null, change.before(), change.after());
        }
        before.putAll(change.before());
        after.putAll(change.after());
        changed |= change.any();
        PathState now = st;
        if (changed && !ctx.checkMode()) {
            String p = ShellText.quote(path);
            StringBuilder cmds = new StringBuilder();
            if (!st.isLink() || !src.equals(st.linkTarget())) {
                if (prev.equals("absent")) {
                    cmds.append("_dve=$(ln -s ").append(ShellText.quote(src)).append(' ').append(p)
                            .append(" 2>&1) || _dvfail \"Error while linking: $_dve\"\n");
                } else {
                    cmds.append("_dvt=$(dirname ").append(p).append(")/.$$.drover.tmp; ");
                    if (prev.equals("directory")) {
                        cmds.append("rmdir ").append(p).append(" && ");
                    }
                    cmds.append("ln -s ").append(ShellText.quote(src)).append(" \"$_dvt\" && mv -f \"$_dvt\" ")
                            .append(p).append(" || { rm -f \"$_dvt\"; _dvfail \"Error while replacing: ").append(path)
                            .append("\"; }\n");
                }
            }
            cmds.append(change.commands(p, !follow));
            return linkApplied(ctx, cmds.toString(), path, src, before, after);
        }
        return linkResult(changed, path, src, before, after, now);
    }

    private static ModuleResult hard(ModuleContext ctx, Facts f, FileAttrs attrs, String src, boolean force)
            throws ConnectionException, FileMode.InvalidModeException {
        String path = f.path();
        PathState st = f.state();
        String prev = st.ansibleState();
        if (!prev.equals("hard") && src == null) {
            return ModuleResult.failed("src is required for creating new hardlinks");
        }
        if (src != null && !f.srcExists()) {
            return ModuleResult.builder().failed("src does not exist").put("dest", path).put("src", src).build();
        }
        Map<String, Object> before = side(path);
        Map<String, Object> after = side(path);
        if (!prev.equals("hard")) {
            before.put("state", prev);
            after.put("state", "hard");
        }
        PathState s = f.srcState();
        boolean changed;
        switch (prev) {
            case "absent" -> changed = true;
            case "link" -> {
                changed = !src.equals(st.linkTarget());
                if (changed) {
                    before.put("src", st.linkTarget());
                    after.put("src", src);
                }
            }
            case "hard" -> {
                changed = src != null && s != null && s.inode() != st.inode();
                if (changed && !force) {
                    return ModuleResult.builder().failed("Cannot link, different hard link exists at destination")
                            .put("dest", path).put("src", src).build();
                }
            }
            case "file" -> {
                if (!force) {
                    return ModuleResult.builder().failed("Cannot link, file exists at destination")
                            .put("dest", path).put("src", src).build();
                }
                changed = true;
            }
            default -> {
                if (s != null && s.inode() == st.inode()) {
                    return ModuleResult.builder().changed(false).put("path", path).build();
                }
                if (!force) {
                    return ModuleResult.builder().failed("Cannot link: different hard link exists at destination")
                            .put("dest", path).put("src", src).build();
                }
                changed = true;
            }
        }
        if (ctx.checkMode() && prev.equals("absent")) {
            return ModuleResult.builder().changed(changed).put("dest", path).put("src", src)
                    .put("diff", diff(before, after)).build();
        }
        PathState base = changed && s != null ? s : st;
        FileAttrs.Change change = attrs.plan(f.ids(), base.uid(), base.gid(), base.mode(), false, f.umask());
        before.putAll(change.before());
        after.putAll(change.after());
        changed |= change.any();
        PathState now = st;
        if (changed && !ctx.checkMode()) {
            String p = ShellText.quote(path);
            StringBuilder cmds = new StringBuilder();
            if (!prev.equals("hard") || (s != null && s.inode() != st.inode())) {
                cmds.append("_dvt=$(dirname ").append(p).append(")/.$$.drover.tmp; ")
                        .append("ln ").append(ShellText.quote(src)).append(" \"$_dvt\" && mv -f \"$_dvt\" ").append(p)
                        .append(" || { rm -f \"$_dvt\"; _dvfail \"Error while linking: ").append(path).append("\"; }\n");
            }
            cmds.append(change.commands(p, false));
            return linkApplied(ctx, cmds.toString(), path, src, before, after);
        }
        return linkResult(changed, path, src, before, after, now);
    }

    /** Runs a link state's commands and reports the link as it is afterwards. */
    private static ModuleResult linkApplied(ModuleContext ctx, String cmds, String path, String src,
                                            Map<String, Object> before, Map<String, Object> after)
            throws ConnectionException {
        Applied a = apply(ctx, cmds, path);
        if (a.error() != null) {
            return ModuleResult.builder().failed(a.error()).put("path", path).build();
        }
        return linkResult(true, path, src, before, after, a.after());
    }

    /** The result of state=link and state=hard: dest and src, the attribute diff and the path's facts. */
    private static ModuleResult linkResult(boolean changed, String path, String src, Map<String, Object> before,
                                           Map<String, Object> after, PathState now) {
        return ModuleResult.builder().changed(changed).put("dest", path).put("src", src)
                .put("diff", diff(before, after)).putAll(FileDeploy.pathInfo(now)).build();
    }

    private static ModuleResult touch(ModuleContext ctx, Facts f, FileAttrs attrs, Args args)
            throws ConnectionException, FileMode.InvalidModeException {
        String path = f.path();
        PathState st = f.state();
        String prev = st.ansibleState();
        if (prev.equals("absent") && ctx.checkMode()) {
            return ModuleResult.builder().changed(true).put("dest", path).build();
        }
        Map<String, Object> before = side(path);
        Map<String, Object> after = side(path);
        if (!prev.equals("touch")) {
            before.put("state", prev);
            after.put("state", "touch");
        }
        boolean created = prev.equals("absent");
        int base = created ? 0666 & ~f.umask() : st.mode();
        FileAttrs.Change change = created ? attrs.plan(f.ids(), -1, -1, base, false, f.umask())
                : attrs.plan(f.ids(), st.uid(), st.gid(), st.mode(), st.isDirectory(), f.umask());
        if (!created) {
            before.putAll(change.before());
            after.putAll(change.after());
        }
        Times times = Times.of(args, "touch");
        String timeCmd = times.commands(path, created ? null : st, before, after);
        boolean changed = created || change.any() || !timeCmd.isEmpty();
        PathState now = st;
        if (changed && !ctx.checkMode()) {
            String p = ShellText.quote(path);
            String cmds = (created ? "_dve=$( : >> " + p + " 2>&1) || _dvfail \"Error, could not touch target: $_dve\"\n" : "")
                    + "_dvd=" + p + "\n" + change.commands("\"$_dvd\"", false) + timeCmd;
            Applied a = apply(ctx, cmds, path);
            if (a.error() != null) {
                return ModuleResult.builder().failed(a.error()).put("path", path).build();
            }
            now = a.after();
        }
        return ModuleResult.builder().changed(changed).put("dest", path).put("diff", diff(before, after))
                .putAll(FileDeploy.pathInfo(now)).build();
    }

    /** modification_time / access_time: preserve, now, or a time in the given strftime format. */
    record Times(String mtime, String mtimeFormat, String atime, String atimeFormat) {
        static Times of(Args args, String state) {
            String dflt = state.equals("touch") ? "now" : "preserve";
            String m = args.str("modification_time");
            String a = args.str("access_time");
            return new Times(m == null ? dflt : m, args.str("modification_time_format"), a == null ? dflt : a,
                    args.str("access_time_format"));
        }

        /** Shell commands setting the times (empty when nothing changes); fills the diff's times. */
        String commands(String path, PathState st, Map<String, Object> before, Map<String, Object> after) {
            StringBuilder sb = new StringBuilder();
            double now = System.currentTimeMillis() / 1000.0;
            String p = ShellText.quote(path);
            Double m = value(mtime, mtimeFormat, now);
            Double a = value(atime, atimeFormat, now);
            if (m == null && a == null) {
                return "";
            }
            if (st != null) {
                if (m != null && m != st.mtime()) {
                    before.put("mtime", st.mtime());
                    after.put("mtime", m);
                }
                if (a != null && a != st.atime()) {
                    before.put("atime", st.atime());
                    after.put("atime", a);
                }
                if ((m == null || m == st.mtime()) && (a == null || a == st.atime())) {
                    return "";
                }
            }
            if (m != null) {
                sb.append(mtime.equals("now") ? "touch -c -m " + p : "touch -c -m -d @" + epoch(m) + " " + p)
                        .append(" || _dvfail 'Error while updating modification or access time'\n");
            }
            if (a != null) {
                sb.append(atime.equals("now") ? "touch -c -a " + p : "touch -c -a -d @" + epoch(a) + " " + p)
                        .append(" || _dvfail 'Error while updating modification or access time'\n");
            }
            return sb.toString();
        }

        private static String epoch(double t) {
            return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
        }

        private static Double value(String spec, String format, double now) {
            if (spec.equals("preserve")) {
                return null;
            }
            if (spec.equals("now")) {
                return now;
            }
            return (double) strptime(spec, format).atZone(ZoneId.systemDefault()).toEpochSecond();
        }

        /** The strftime directives time formats use in practice: %Y %m %d %H %M %S, literals otherwise. */
        static LocalDateTime strptime(String text, String format) {
            StringBuilder pattern = new StringBuilder();
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c == '%' && i + 1 < format.length()) {
                    char d = format.charAt(++i);
                    pattern.append(switch (d) {
                        case 'Y' -> "yyyy";
                        case 'm' -> "MM";
                        case 'd' -> "dd";
                        case 'H' -> "HH";
                        case 'M' -> "mm";
                        case 'S' -> "ss";
                        case '%' -> "'%'";
                        default -> throw new IllegalArgumentException("unsupported time format directive %" + d);
                    });
                } else if (Character.isLetter(c)) {
                    pattern.append('\'').append(c).append('\'');
                } else {
                    pattern.append(c);
                }
            }
            return LocalDateTime.parse(text, java.time.format.DateTimeFormatter.ofPattern(pattern.toString()));
        }
    }
}
