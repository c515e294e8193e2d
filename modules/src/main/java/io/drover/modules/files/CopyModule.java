package io.drover.modules.files;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;
import io.drover.module.ControllerFiles;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.modules.commands.ShellText;
import io.drover.template.PyJson;
import io.drover.template.PythonRepr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code copy}: puts a controller file, a controller directory tree or literal {@code content} on the target, or
 * copies a file already there ({@code remote_src}). Idempotent by SHA-1; atomic; check and diff mode.
 *
 * <p><b>Round trips</b> (after the connection is open): one file or content — 1 when unchanged, 2 when changed
 * (see {@link FileDeploy}); a directory tree — 1 query for all files and directories, plus 1 apply carrying every
 * changed file at once; {@code remote_src} file — 1 query, plus 1 apply; {@code remote_src} directory — 1
 * ({@link RemoteTreeCopy}), plus the query when src has no trailing slash.
 */
public final class CopyModule implements Module {

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public ArgSpec argSpec() {
        return FileArgs.common(ArgSpec.builder())
                .add(ArgSpec.option("src", Type.PATH))
                .add(ArgSpec.option("content", Type.RAW).secret())
                .add(ArgSpec.option("dest", Type.PATH).asRequired())
                .add(ArgSpec.option("backup", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("force", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("validate", Type.STR))
                .add(ArgSpec.option("directory_mode", Type.RAW))
                .add(ArgSpec.option("remote_src", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("local_follow", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("follow", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("checksum", Type.STR))
                .add(ArgSpec.option("decrypt", Type.BOOL).withDefault(true))
                .build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Args args = ctx.args();
        String src = args.str("src");
        Object content = args.raw("content");
        String dest = args.str("dest");
        if ((src == null || src.isEmpty()) && content == null) {
            return ModuleResult.failed("src (or content) is required");
        }
        if (dest == null || dest.isEmpty()) {
            return ModuleResult.failed("dest is required");
        }
        if (src != null && !src.isEmpty() && content != null) {
            return ModuleResult.failed("src and content are mutually exclusive");
        }
        if (content != null && dest.endsWith("/")) {
            return ModuleResult.failed("can not use content with a dir as dest");
        }
        FileAttrs attrs = FileAttrs.of(args);
        if (content != null) {
            byte[] bytes = contentText(content).getBytes(StandardCharsets.UTF_8);
            return FileDeploy.run(ctx, request(args, dest, null, bytes, null, "(content)", attrs));
        }
        if (args.bool("remote_src")) {
            boolean force = !Boolean.FALSE.equals(args.raw("force"));
            RemoteTreeCopy.Request tree = new RemoteTreeCopy.Request(src, dest, args.bool("local_follow"), force,
                    attrs, args.raw("directory_mode"));
            if (src.endsWith("/")) {
                return RemoteTreeCopy.run(ctx, tree);
            }
            return FileDeploy.run(ctx, new FileDeploy.Request(dest, RemoteTreeCopy.basename(src), null, null, null,
                    args.bool("follow"), force, args.bool("backup"), args.str("validate"), attrs,
                    args.raw("directory_mode"), src, () -> RemoteTreeCopy.run(ctx, tree)));
        }
        boolean trailingSlash = src.endsWith("/");
        ControllerFiles.Search found = ctx.findFile("files", src);
        if (found.found() == null) {
            return ModuleResult.failed(found.notFoundMessage());
        }
        Path source = found.found();
        if (Files.isDirectory(source)) {
            return DirectoryCopy.run(ctx, source, trailingSlash, dest, args, attrs);
        }
        byte[] bytes;
        try {
            bytes = ctx.readControllerFile(source, args.bool("decrypt"));
        } catch (io.drover.vault.VaultException e) {
            return ModuleResult.failed(e.getMessage());
        } catch (IOException e) {
            return ModuleResult.failed("could not find src=" + source + ", " + e.getMessage());
        }
        if ("preserve".equals(args.raw("mode"))) {
            attrs = attrs.withMode(new FileMode(localMode(source), null));
        }
        return FileDeploy.run(ctx, request(args, dest, source.getFileName().toString(), bytes, source.toString(),
                source.toString(), attrs));
    }

    private static FileDeploy.Request request(Args args, String dest, String basename, byte[] content, String src,
                                              String afterHeader, FileAttrs attrs) {
        return new FileDeploy.Request(dest, basename, content, src, afterHeader, args.bool("follow"),
                !Boolean.FALSE.equals(args.raw("force")), args.bool("backup"), args.str("validate"), attrs,
                args.raw("directory_mode"));
    }

    /** {@code content} as Ansible writes it: a dict or list as JSON, a scalar as Python's str(). */
    static String contentText(Object content) {
        if (content instanceof Map<?, ?> || content instanceof List<?>) {
            return PyJson.dumps(content, 0, false, true);
        }
        return PythonRepr.str(content);
    }

    /** The permission bits of a controller file ({@code mode: preserve}). */
    static int localMode(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            int mode = 0;
            for (PosixFilePermission perm : perms) {
                mode |= 1 << (8 - perm.ordinal());
            }
            return mode;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copying a controller directory tree: everything in one query and one apply. */
    static final class DirectoryCopy {
        private DirectoryCopy() {
        }

        static ModuleResult run(ModuleContext ctx, Path source, boolean trailingSlash, String dest, Args args,
                                FileAttrs attrs) throws ConnectionException {
            String destDir = dest.endsWith("/") ? dest : dest + "/";
            // Without a trailing slash the directory itself is copied, with it only its contents (rsync's rule).
            String prefix = trailingSlash ? "" : source.getFileName().toString() + "/";
            List<String> files = new ArrayList<>();
            List<String> dirs = new ArrayList<>();
            if (!trailingSlash) {
                dirs.add(source.getFileName().toString());
            }
            try (Stream<Path> walk = Files.walk(source, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
                for (Path p : walk.sorted(Comparator.comparing(Path::toString)).toList()) {
                    if (p.equals(source)) {
                        continue;
                    }
                    String rel = prefix + source.relativize(p).toString();
                    if (Files.isDirectory(p)) {
                        dirs.add(rel);
                    } else {
                        files.add(rel);
                    }
                }
            } catch (IOException e) {
                return ModuleResult.failed("could not read src=" + source + ": " + e.getMessage());
            }
            try {
                attrs.checkMode();
            } catch (FileMode.InvalidModeException e) {
                return ModuleResult.builder().failed(FileMode.INVALID).put("details", e.getMessage()).build();
            }
            RemoteScript q = new RemoteScript();
            q.line("_dvb=" + ShellText.expandingWord(destDir));
            q.section("base").line("printf '%s\\n' \"$_dvb\"");
            for (int i = 0; i < files.size(); i++) {
                q.stat("f" + i, "\"$_dvb\"" + ShellText.quote(files.get(i)), false, "sha1");
            }
            for (int i = 0; i < dirs.size(); i++) {
                q.stat("d" + i, "\"$_dvb\"" + ShellText.quote(dirs.get(i)), false, null);
            }
            q.section("umask").line("umask");
            attrs.lookups(q);
            CommandResult qr = ctx.exec(q.text());
            Map<String, String> s = q.sections(qr.stdout());
            if (!s.containsKey("umask")) {
                return ModuleResult.failed("could not examine " + dest + " on the target: " + qr.stderr().strip());
            }
            String base = s.get("base").strip();
            int umask = Integer.parseInt(s.get("umask").strip(), 8);
            FileAttrs.Ids ids = attrs.resolve(s);
            if (ids.error() != null) {
                if (!ctx.checkMode()) {
                    return ModuleResult.failed(ids.error());
                }
                ids = new FileAttrs.Ids(null, null, null);
            }
            boolean force = !Boolean.FALSE.equals(args.raw("force"));
            String dirCommands = dirCommands(args.raw("directory_mode"), ids);
            FileAttrs dirAttrs = new FileAttrs(attrs.owner(), attrs.group(), FileMode.of(args.raw("directory_mode")));
            List<AtomicWriter.Item> items = new ArrayList<>();
            try {
                for (int i = 0; i < files.size(); i++) {
                    String path = base + files.get(i);
                    PathState st = PathState.parse(path, s.get("f" + i));
                    if (st.exists() && !force) {
                        continue;
                    }
                    byte[] bytes = ctx.readControllerFile(source.resolve(files.get(i).substring(prefix.length())),
                            args.bool("decrypt"));
                    boolean differs = !st.exists() || st.isLink() || !FileDeploy.sha1(bytes).equals(st.checksum());
                    boolean inherit = st.exists() && !st.isLink();
                    FileAttrs.Change change = inherit ? attrs.plan(ids, st.uid(), st.gid(), st.mode(), false, umask)
                            : attrs.plan(ids, -1, -1, 0666 & ~umask, false, umask);
                    if (differs || change.any()) {
                        String parent = FileDeploy.parent(path);
                        items.add(new AtomicWriter.Item(path, differs ? bytes : null, inherit ? st : null,
                                0666 & ~umask, change, args.str("validate"), args.bool("backup"),
                                differs ? parent : null, dirCommands));
                    }
                }
                for (int i = 0; i < dirs.size(); i++) {
                    String path = base + dirs.get(i);
                    PathState st = PathState.parse(path, s.get("d" + i));
                    FileAttrs.Change change = st.isDirectory()
                            ? dirAttrs.plan(ids, st.uid(), st.gid(), st.mode(), true, umask)
                            : dirAttrs.plan(ids, -1, -1, 0777 & ~umask, true, umask);
                    if (!st.isDirectory() || change.any()) {
                        items.add(new AtomicWriter.Item(path, null, null, 0, st.isDirectory() ? change
                                : new FileAttrs.Change(null, null, null, Map.of(), Map.of()), null, false, path,
                                dirCommands));
                    }
                }
            } catch (io.drover.vault.VaultException e) {
                return ModuleResult.failed(e.getMessage());
            } catch (IOException e) {
                return ModuleResult.failed("could not read src=" + source + ": " + e.getMessage());
            } catch (FileMode.InvalidModeException e) {
                return ModuleResult.builder().failed(FileMode.INVALID).put("details", e.getMessage()).build();
            }
            boolean changed = !items.isEmpty();
            if (changed && !ctx.checkMode()) {
                AtomicWriter.Outcome out = AtomicWriter.apply(ctx, items);
                if (out.failed()) {
                    return ModuleResult.builder().putAll(out.extra()).failed(out.failure()).build();
                }
            }
            return ModuleResult.builder().changed(changed).put("dest", destDir.startsWith("~") ? base : destDir)
                    .put("src", source + (trailingSlash ? "/" : "")).build();
        }

        private static String dirCommands(Object directoryMode, FileAttrs.Ids ids) {
            StringBuilder sb = new StringBuilder();
            if (ids.uid() != null) {
                sb.append("chown ").append(ids.uid()).append(" \"$1\" || return 1; ");
            }
            if (ids.gid() != null) {
                sb.append("chgrp ").append(ids.gid()).append(" \"$1\" || return 1; ");
            }
            if (directoryMode != null) {
                FileMode m = FileMode.of(directoryMode);
                String text = m.octal() != null ? Integer.toOctalString(m.octal()) : m.symbolic();
                sb.append("chmod ").append(ShellText.quote(text)).append(" \"$1\" || return 1; ");
            }
            return sb.toString();
        }
    }
}
