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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stat}: the {@code stat} dict Ansible's stat module returns ({@code {exists: false}} alone for a missing
 * path). Never changed.
 *
 * <p><b>Round trips:</b> 1 — the path fact, checksum, {@code file --mime-type --mime-encoding} and
 * {@code lsattr -vd} all run in the same exec.
 */
public final class StatModule implements Module {

    /** lsattr letters as Ansible names them (module_utils FILE_ATTRIBUTES). */
    private static final Map<Character, String> ATTRIBUTES = Map.ofEntries(
            Map.entry('A', "noatime"), Map.entry('a', "append"), Map.entry('c', "compressed"),
            Map.entry('C', "nocow"), Map.entry('d', "nodump"), Map.entry('D', "dirsync"),
            Map.entry('e', "extents"), Map.entry('E', "encrypted"), Map.entry('h', "blocksize"),
            Map.entry('i', "immutable"), Map.entry('I', "indexed"), Map.entry('j', "journalled"),
            Map.entry('N', "inline"), Map.entry('s', "zero"), Map.entry('S', "synchronous"),
            Map.entry('t', "notail"), Map.entry('T', "blockroot"), Map.entry('u', "undelete"),
            Map.entry('X', "compressedraw"), Map.entry('Z', "compresseddirty"));

    @Override
    public String name() {
        return "stat";
    }

    @Override
    public ArgSpec argSpec() {
        return ArgSpec.builder()
                .add(ArgSpec.option("path", Type.PATH).asRequired().aliases("dest", "name"))
                .add(ArgSpec.option("follow", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("get_md5", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("get_checksum", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("get_mime", Type.BOOL).withDefault(true).aliases("mime", "mime_type", "mime-type"))
                .add(ArgSpec.option("get_attributes", Type.BOOL).withDefault(true).aliases("attr", "attributes"))
                .add(ArgSpec.option("checksum_algorithm", Type.STR).withDefault("sha1")
                        .choices("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
                        .aliases("checksum", "checksum_algo"))
                .build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Args args = ctx.args();
        boolean follow = args.bool("follow");
        boolean checksum = !Boolean.FALSE.equals(args.raw("get_checksum"));
        boolean mime = !Boolean.FALSE.equals(args.raw("get_mime"));
        boolean attributes = !Boolean.FALSE.equals(args.raw("get_attributes"));
        String algo = args.str("checksum_algorithm");
        RemoteScript q = new RemoteScript();
        q.line("_dvp=" + ShellText.expandingWord(args.str("path")))
                .section("path").line("printf '%s\\n' \"$_dvp\"")
                .stat("state", "\"$_dvp\"", follow, checksum ? algo : null);
        if (args.bool("get_md5")) {
            q.stat("md5", "\"$_dvp\"", follow, "md5");
        }
        if (mime) {
            q.line("if command -v file >/dev/null 2>&1; then " + RemoteScript.sectionCommand("mime")
                    + "; file --mime-type --mime-encoding \"$_dvp\" 2>/dev/null; fi");
        }
        if (attributes) {
            q.line("if command -v lsattr >/dev/null 2>&1; then " + RemoteScript.sectionCommand("attr")
                    + "; lsattr -vd \"$_dvp\" 2>/dev/null; fi");
        }
        CommandResult r = ctx.exec(q.text());
        Map<String, String> s = q.sections(r.stdout());
        if (!s.containsKey("state")) {
            return ModuleResult.failed(r.stderr().isBlank() ? "stat failed on the target" : r.stderr().strip());
        }
        String path = s.get("path").strip();
        PathState st = PathState.parse(path, s.get("state"));
        if (st.error() != null) {
            return ModuleResult.failed(strerror(st.error()));
        }
        if (!st.exists()) {
            return ModuleResult.builder().changed(false).put("stat", Map.of("exists", false)).build();
        }
        Map<String, Object> out = describe(st, path);
        if (args.bool("get_md5") && st.isFile() && st.readable()) {
            out.put("md5", PathState.parse(path, s.get("md5")).checksum());
        }
        if (checksum && st.isFile() && st.readable()) {
            out.put("checksum", st.checksum());
        }
        if (mime) {
            out.put("mimetype", "unknown");
            out.put("charset", "unknown");
            String m = s.get("mime");
            if (m != null && m.contains(":") && m.contains(";")) {
                String[] parts = m.substring(m.lastIndexOf(':') + 1).split(";");
                out.put("mimetype", parts[0].strip());
                String cs = parts[1];
                out.put("charset", cs.substring(cs.indexOf('=') + 1).strip());
            }
        }
        if (attributes) {
            out.put("version", null);
            out.put("attributes", List.of());
            out.put("attr_flags", "");
            String a = s.get("attr");
            if (a != null && !a.isBlank()) {
                String[] words = a.strip().split("\\s+");
                if (words.length >= 2) {
                    String flags = words[1].replace("-", "").strip();
                    List<String> names = new ArrayList<>();
                    for (char c : flags.toCharArray()) {
                        if (ATTRIBUTES.containsKey(c)) {
                            names.add(ATTRIBUTES.get(c));
                        }
                    }
                    out.put("version", words[0].strip());
                    out.put("attr_flags", flags);
                    out.put("attributes", names);
                }
            }
        }
        return ModuleResult.builder().changed(false).put("stat", out).build();
    }

    /** Ansible's format_output plus access, link and name details. */
    static Map<String, Object> describe(PathState st, String path) {
        int m = st.mode();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exists", true);
        out.put("path", path);
        out.put("mode", String.format("%04o", m));
        out.put("isdir", st.isDirectory());
        out.put("ischr", st.type() == PathState.Type.CHAR);
        out.put("isblk", st.type() == PathState.Type.BLOCK);
        out.put("isreg", st.isFile());
        out.put("isfifo", st.type() == PathState.Type.FIFO);
        out.put("islnk", st.isLink());
        out.put("issock", st.type() == PathState.Type.SOCKET);
        out.put("uid", st.uid());
        out.put("gid", st.gid());
        out.put("size", st.size());
        out.put("inode", st.inode());
        out.put("dev", st.dev());
        out.put("nlink", st.nlink());
        out.put("atime", st.atime());
        out.put("mtime", st.mtime());
        out.put("ctime", st.ctime());
        out.put("wusr", (m & 0200) != 0);
        out.put("rusr", (m & 0400) != 0);
        out.put("xusr", (m & 0100) != 0);
        out.put("wgrp", (m & 020) != 0);
        out.put("rgrp", (m & 040) != 0);
        out.put("xgrp", (m & 010) != 0);
        out.put("woth", (m & 02) != 0);
        out.put("roth", (m & 04) != 0);
        out.put("xoth", (m & 01) != 0);
        out.put("isuid", (m & 04000) != 0);
        out.put("isgid", (m & 02000) != 0);
        out.put("blocks", st.blocks());
        out.put("block_size", st.blockSize());
        out.put("device_type", st.rdev());
        out.put("readable", st.readable());
        out.put("writeable", st.writeable());
        out.put("executable", st.executable());
        if (st.isLink()) {
            out.put("lnk_source", st.linkSource());
            out.put("lnk_target", st.linkTarget());
        }
        if (st.owner() != null) {
            out.put("pw_name", st.owner());
        }
        if (st.group() != null) {
            out.put("gr_name", st.group());
        }
        return out;
    }

    /** stat's "cannot statx 'x': Permission denied" → Python's strerror "Permission denied". */
    private static String strerror(String error) {
        int at = error.lastIndexOf(": ");
        return at >= 0 ? error.substring(at + 2) : error;
    }
}
