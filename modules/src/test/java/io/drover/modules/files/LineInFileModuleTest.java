package io.drover.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ModuleResult;
import io.drover.modules.ShellModuleContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lineinfile against this machine's /bin/sh: ansible-core 2.14's edits, messages, round trips, check/diff mode. */
class LineInFileModuleTest {

    @TempDir
    Path dir;

    private ShellModuleContext ctx(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ShellModuleContext.of(new LineInFileModule(), m);
    }

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        return p;
    }

    /** Runs the module on a file holding {@code content}; returns the result and checks the file afterwards. */
    private ModuleResult edit(String content, String expected, Object... kv) throws IOException {
        Path p = file("f", content);
        Object[] all = new Object[kv.length + 2];
        all[0] = "path";
        all[1] = p.toString();
        System.arraycopy(kv, 0, all, 2, kv.length);
        ModuleResult r = ctx(all).run();
        assertEquals(expected, Files.readString(p), r.toString());
        return r;
    }

    @Test
    void regexpReplacesTheLastMatchAndIsIdempotentInOneRoundTrip() throws IOException {
        Path p = file("c", "a=1\n#a=2\nb=3\n");
        ShellModuleContext c = ctx("path", p.toString(), "regexp", "^#?a=", "line", "a=9");
        ModuleResult r = c.run();
        assertTrue(r.changed());
        assertEquals("line replaced", r.data().get("msg"));
        assertEquals("", r.data().get("backup"));
        assertEquals("a=1\na=9\nb=3\n", Files.readString(p));
        assertEquals(2, c.execCount(), "read + write");

        ShellModuleContext again = ctx("path", p.toString(), "regexp", "^#?a=", "line", "a=9");
        ModuleResult r2 = again.run();
        assertFalse(r2.changed());
        assertEquals("", r2.data().get("msg"));
        assertEquals(1, again.execCount(), "an unchanged file costs one round trip");
        assertNoTempFiles();
    }

    @Test
    void insertionPoints() throws IOException {
        assertEquals("line added", edit("a\nb\n", "a\nb\nz\n", "line", "z").data().get("msg"));
        edit("a\nb\n", "z\na\nb\n", "line", "z", "insertbefore", "BOF");
        edit("a\nb\n", "z\na\nb\n", "line", "z", "insertafter", "BOF");
        edit("s\nx\ns\ny\n", "s\nx\ns\nz\ny\n", "line", "z", "insertafter", "^s");
        edit("s\nx\ns\ny\n", "s\nz\nx\ns\ny\n", "line", "z", "insertafter", "^s", "firstmatch", true);
        edit("s\nx\ns\ny\n", "s\nx\nz\ns\ny\n", "line", "z", "insertbefore", "^s");
        edit("s\nx\ns\ny\n", "z\ns\nx\ns\ny\n", "line", "z", "insertbefore", "^s", "firstmatch", true);
        edit("a\nb\n", "a\nb\nz\n", "line", "z", "insertbefore", "^nomatch");
        assertEquals("", edit("s\nz\n", "s\nz\n", "line", "z", "insertafter", "^s").data().get("msg"),
                "the line already follows the match");
    }

    @Test
    void newlineHandlingIsAnsibles() throws IOException {
        edit("a\nb", "a\nb\nz\n", "line", "z");
        // A match on an unterminated last line: Ansible appends without ending that line first.
        edit("a\nb", "a\nbz\n", "line", "z", "insertafter", "^b");
        assertEquals("line replaced", edit("a\nz", "a\nz\n", "line", "z").data().get("msg"),
                "the exact line without its newline is rewritten");
        edit("a=1\r\nz\r\n", "a=1\r\nz\n", "line", "z");
        edit("a\rb\n", "a\rb\nz\n", "line", "z");
        assertEquals("", edit("", "", "line", "z", "regexp", "x", "backrefs", true).data().get("msg"));
    }

    @Test
    void backrefsExpandTheMatch() throws IOException {
        edit("Port 22\n", "Port 2222\n", "regexp", "^(Port)\\s+(\\d+)$", "line", "\\1 \\g<2>22", "backrefs", true);
        edit("k_1=v\n", "v=k_1\n", "regexp", "^(?P<key_x>\\w+)=(?P<v>\\w+)", "line", "\\g<v>=\\g<key_x>", "backrefs", true);
        ModuleResult none = edit("a\n", "a\n", "regexp", "^nomatch(.*)", "line", "x\\1", "backrefs", true);
        assertFalse(none.changed());
        assertEquals("", none.data().get("msg"));
        ModuleResult literal = edit("a\n", "a\n\\1\n", "regexp", "^nomatch(.*)", "line", "\\1");
        assertEquals("line added", literal.data().get("msg"), "without backrefs the line is literal");
    }

    @Test
    void searchStringAndFirstmatch() throws IOException {
        edit("x.y 1\nxzy 2\n", "x.y 1\nnew\n", "regexp", "x.y", "line", "new");
        edit("x.y 1\nxzy 2\n", "new\nxzy 2\n", "search_string", "x.y", "line", "new");
        edit("o=1\no=2\n", "new\no=2\n", "regexp", "^o=", "line", "new", "firstmatch", true);
    }

    @Test
    void absentRemovesEveryMatchAndCounts() throws IOException {
        ModuleResult r = edit("#a\nb\n#c\n", "b\n", "regexp", "^#", "state", "absent");
        assertEquals("2 line(s) removed", r.data().get("msg"));
        assertEquals(2L, r.data().get("found"));
        ModuleResult line = edit("x\nxx\nx\r\n", "xx\n", "line", "x", "state", "absent");
        assertEquals(2L, line.data().get("found"));
        ModuleResult none = edit("a\n", "a\n", "search_string", "zz", "state", "absent");
        assertFalse(none.changed());
        assertEquals(0L, none.data().get("found"));
        assertEquals("", none.data().get("msg"));

        ModuleResult missing = ctx("path", dir.resolve("nope").toString(), "line", "x", "state", "absent").run();
        assertEquals(Map.of("changed", false, "msg", "file not present"), missing.data());
    }

    @Test
    void missingFileFailsOrIsCreatedWithItsDirectoryAndMode() throws IOException {
        Path p = dir.resolve("sub/new.conf");
        ModuleResult fail = ctx("path", p.toString(), "line", "x").run();
        assertTrue(fail.failed());
        assertEquals("Destination " + p + " does not exist !", fail.data().get("msg"));
        assertEquals(257L, fail.data().get("rc"));

        ShellModuleContext c = ctx("path", p.toString(), "line", "x", "create", true, "mode", "0600");
        ModuleResult r = c.run();
        assertEquals("line added and ownership, perms or SE linux context changed", r.data().get("msg"));
        assertEquals("x\n", Files.readString(p));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        assertEquals(2, c.execCount());

        ModuleResult dirFail = ctx("path", dir.toString(), "line", "x").run();
        assertEquals("Path " + dir + " is a directory !", dirFail.data().get("msg"));
        assertEquals(256L, dirFail.data().get("rc"));
    }

    @Test
    void modeOnlyChangeTakesOneWriteAndReportsTheAttributeDiff() throws IOException {
        Path p = file("m", "same\n");
        ShellModuleContext c = ctx("path", p.toString(), "line", "same", "mode", "0640").diffMode(true);
        ModuleResult r = c.run();
        assertTrue(r.changed());
        assertEquals("ownership, perms or SE linux context changed", r.data().get("msg"));
        assertEquals(2, c.execCount());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        List<?> diff = (List<?>) r.data().get("diff");
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("before", Map.of("mode", "0644"));
        attrs.put("after", Map.of("mode", "0640"));
        attrs.put("before_header", p + " (file attributes)");
        attrs.put("after_header", p + " (file attributes)");
        assertEquals(attrs, diff.get(1));
        ShellModuleContext again = ctx("path", p.toString(), "line", "same", "mode", "0640");
        assertFalse(again.run().changed());
        assertEquals(1, again.execCount());

        ModuleResult quiet = ctx("path", p.toString(), "line", "same", "mode", "0600").run();
        assertTrue(quiet.changed());
        assertEquals(Map.of("before_header", p + " (file attributes)", "after_header", p + " (file attributes)"),
                ((List<?>) quiet.data().get("diff")).get(1), "outside diff mode nothing that would print");
    }

    @Test
    void unknownOwnerFailsAfterTheContentIsWritten() throws IOException {
        Path p = file("o", "a\n");
        ModuleResult r = ctx("path", p.toString(), "line", "z", "owner", "no-such-user-here").run();
        assertTrue(r.failed());
        assertEquals("chown failed: failed to look up user no-such-user-here", r.data().get("msg"));
        assertEquals(p.toString(), r.data().get("path"));
        assertEquals("0644", r.data().get("mode"));
        assertEquals(4L, r.data().get("size"));
        assertEquals("a\nz\n", Files.readString(p), "as in Ansible, the line is written before the owner is looked up");

        ModuleResult badMode = ctx("path", p.toString(), "line", "z", "mode", "u=xyz").run();
        assertEquals("mode must be in octal or symbolic form", badMode.data().get("msg"));
        assertTrue(badMode.data().containsKey("details"));
    }

    @Test
    void checkModeWritesNothingAndDiffShowsTheEdit() throws IOException {
        Path p = file("d", "a\n");
        ShellModuleContext c = ctx("path", p.toString(), "line", "b", "mode", "0600").checkMode(true).diffMode(true);
        ModuleResult r = c.run();
        assertTrue(r.changed());
        assertEquals("line added and ownership, perms or SE linux context changed", r.data().get("msg"));
        assertEquals(1, c.execCount());
        assertEquals("a\n", Files.readString(p));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        Map<?, ?> content = (Map<?, ?>) ((List<?>) r.data().get("diff")).get(0);
        assertEquals(Map.of("before", "a\n", "after", "a\nb\n", "before_header", p + " (content)",
                "after_header", p + " (content)"), content);

        Path missing = dir.resolve("new");
        ModuleResult created = ctx("path", missing.toString(), "line", "x", "create", true).checkMode(true).run();
        assertTrue(created.changed());
        assertTrue(created.data().get("diff") instanceof Map, "a file that does not exist yet gets a single diff");
        assertFalse(Files.exists(missing));
    }

    @Test
    void backupAndValidate() throws IOException {
        Path p = file("v", "a\n");
        ModuleResult r = ctx("path", p.toString(), "line", "b", "backup", true, "validate", "grep -q b %s").run();
        assertTrue(r.changed(), r.toString());
        String backup = (String) r.data().get("backup");
        assertTrue(backup.matches(java.util.regex.Pattern.quote(p.toString()) + "\\.\\d+\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~"), backup);
        assertEquals("a\n", Files.readString(Path.of(backup)));
        assertEquals("a\nb\n", Files.readString(p));

        Files.delete(Path.of(backup));
        ModuleResult bad = ctx("path", p.toString(), "line", "c", "backup", true,
                "validate", "sh -c 'echo no >&2; exit 3' %s").run();
        assertTrue(bad.failed());
        assertEquals("failed to validate: rc:3 error:no\n", bad.data().get("msg"));
        assertEquals("a\nb\n", Files.readString(p), "a failed validation leaves the file alone");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.filter(x -> x.getFileName().toString().startsWith("v.")).count(),
                    "Ansible backs up before validating, so the backup stays");
        }

        ModuleResult noPercent = ctx("path", p.toString(), "line", "c", "validate", "true").run();
        assertEquals("validate must contain %s: true", noPercent.data().get("msg"));
        assertNoTempFiles();
    }

    @Test
    void bytesSurviveAndUtf8IsMatchedAsBytes() throws IOException {
        Path p = dir.resolve("bin");
        byte[] raw = {'k', '=', (byte) 0xff, (byte) 0xfe, '\n', 'x', '\n'};
        Files.write(p, raw);
        ctx("path", p.toString(), "regexp", "^x", "line", "größe").run();
        byte[] expected = {'k', '=', (byte) 0xff, (byte) 0xfe, '\n', 'g', 'r', (byte) 0xc3, (byte) 0xb6, (byte) 0xc3,
            (byte) 0x9f, 'e', '\n'};
        assertEquals(new String(expected, StandardCharsets.ISO_8859_1),
                new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
    }

    @Test
    void symlinkIsWrittenThrough() throws IOException {
        Path target = file("target", "a\n");
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, target);
        ctx("path", link.toString(), "line", "b").run();
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("a\nb\n", Files.readString(target));
    }

    @Test
    void argumentErrorsAndCrashes() throws IOException {
        Path p = file("e", "a\n");
        assertEquals("line is required with state=present", ctx("path", p.toString()).run().data().get("msg"));
        assertEquals("regexp is required with backrefs=true",
                ctx("path", p.toString(), "line", "x", "backrefs", true).run().data().get("msg"));
        assertEquals("one of line, search_string, or regexp is required with state=absent",
                ctx("path", p.toString(), "state", "absent").run().data().get("msg"));
        ModuleResult crash = ctx("path", p.toString(), "line", "x", "regexp", "\\p{L}").run();
        assertEquals("MODULE FAILURE\nSee stdout/stderr for the exact error", crash.data().get("msg"));
        assertTrue(((String) crash.data().get("module_stderr")).contains("re.error: bad escape \\p at position 0"));
        ModuleResult warned = ctx("path", p.toString(), "line", "x", "regexp", "").run();
        assertEquals(1, ((List<?>) warned.data().get("warnings")).size());
        assertEquals("x\n", Files.readString(p), "an empty regexp matches every line; the last is replaced");
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(x -> x.getFileName().toString().startsWith(".drover")).toList());
        }
    }
}
