package io.drover.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ModuleResult;
import io.drover.modules.ShellModuleContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** blockinfile against this machine's /bin/sh: ansible-core 2.14's edits, messages, round trips, check/diff mode. */
class BlockInFileModuleTest {

    private static final String B = "# BEGIN ANSIBLE MANAGED BLOCK\n";
    private static final String E = "# END ANSIBLE MANAGED BLOCK\n";

    @TempDir
    Path dir;

    private ShellModuleContext ctx(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ShellModuleContext.of(new BlockInFileModule(), m);
    }

    private ModuleResult edit(String content, String expected, Object... kv) throws IOException {
        Path p = dir.resolve("f");
        Files.writeString(p, content);
        Object[] all = new Object[kv.length + 2];
        all[0] = "path";
        all[1] = p.toString();
        System.arraycopy(kv, 0, all, 2, kv.length);
        ModuleResult r = ctx(all).run();
        assertEquals(expected, Files.readString(p), r.toString());
        return r;
    }

    @Test
    void insertsThenReplacesThenIsUnchangedInOneRoundTrip() throws IOException {
        Path p = dir.resolve("c");
        Files.writeString(p, "a\nb");
        ShellModuleContext c = ctx("path", p.toString(), "block", "x\ny");
        ModuleResult r = c.run();
        assertEquals("Block inserted", r.data().get("msg"));
        assertEquals("a\nb\n" + B + "x\ny\n" + E, Files.readString(p), "the unterminated last line gets its newline");
        assertEquals(2, c.execCount());
        assertFalse(r.data().containsKey("backup_file"));

        ModuleResult replaced = ctx("path", p.toString(), "block", "z").run();
        assertEquals("Block inserted", replaced.data().get("msg"));
        assertEquals("a\nb\n" + B + "z\n" + E, Files.readString(p));

        ShellModuleContext same = ctx("path", p.toString(), "block", "z");
        ModuleResult r3 = same.run();
        assertFalse(r3.changed());
        assertEquals("", r3.data().get("msg"));
        assertEquals(1, same.execCount());
    }

    @Test
    void insertionPointsAndMarkers() throws IOException {
        edit("a\nb\n", B + "x\n" + E + "a\nb\n", "block", "x", "insertbefore", "BOF");
        edit("s\n1\ns\n2\n", "s\n1\ns\n" + B + "x\n" + E + "2\n", "block", "x", "insertafter", "^s");
        edit("s\n1\ns\n2\n", "s\n1\n" + B + "x\n" + E + "s\n2\n", "block", "x", "insertbefore", "^s");
        edit("a\n", "a\n" + B + "x\n" + E, "block", "x", "insertafter", "^nomatch");
        edit("a\n", "a\n<!-- START app -->\nx\n<!-- STOP app -->\n", "block", "x", "marker", "<!-- {mark} app -->",
                "marker_begin", "START", "marker_end", "STOP");
        edit("one\ntwo\nthree\n", "one\ntwo\n" + B + "x\n" + E + "three\n", "block", "x", "insertafter", "(?m)^two$");
        edit("one\ntwo\nthree\n", "one\n" + B + "x\n" + E + "two\nthree\n", "block", "x", "insertbefore", "(?m)^two$");
        edit("a\r\nb\rc\n", "a\r\nb\r\n" + B + "x\n" + E + "c\n", "block", "x", "insertafter", "^b");
    }

    @Test
    void removalAndMarkersInReverseOrder() throws IOException {
        ModuleResult r = edit("a\n" + B + "x\n" + E + "b\n", "a\nb\n", "state", "absent");
        assertEquals("Block removed", r.data().get("msg"));
        edit("a\n" + B + "x\n" + E + "b\n", "a\nb\n", "block", "");
        edit("a\n" + E + "x\n" + B + "b\n", "a\n" + B + "y\n" + E + "b\n", "block", "y");
        assertFalse(edit("a\n", "a\n", "state", "absent").changed());
        ModuleResult nothing = ctx("path", dir.resolve("none").toString(), "state", "absent", "create", true).run();
        assertEquals("File " + dir.resolve("none") + " not present", nothing.data().get("msg"));
    }

    @Test
    void createsMissingFilesOrFails() throws IOException {
        Path p = dir.resolve("d/new");
        ModuleResult fail = ctx("path", p.toString(), "block", "x").run();
        assertEquals("Path " + p + " does not exist !", fail.data().get("msg"));
        assertEquals(257L, fail.data().get("rc"));
        ModuleResult absentFail = ctx("path", p.toString(), "state", "absent").run();
        assertTrue(absentFail.failed(), "without create a missing file fails even for absent");

        ShellModuleContext c = ctx("path", p.toString(), "block", "x", "create", true, "mode", "0600");
        ModuleResult r = c.run();
        assertEquals("File created and ownership, perms or SE linux context changed", r.data().get("msg"));
        assertEquals(B + "x\n" + E, Files.readString(p));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        assertEquals(2, c.execCount());
    }

    @Test
    void checkAndDiffModeWithBackup() throws IOException {
        Path p = dir.resolve("k");
        Files.writeString(p, "a\n");
        ShellModuleContext c = ctx("path", p.toString(), "block", "x", "backup", true).checkMode(true).diffMode(true);
        ModuleResult r = c.run();
        assertTrue(r.changed());
        assertEquals(1, c.execCount());
        assertEquals("a\n", Files.readString(p));
        Map<?, ?> content = (Map<?, ?>) ((List<?>) r.data().get("diff")).get(0);
        assertEquals("a\n", content.get("before"));
        assertEquals("a\n" + B + "x\n" + E, content.get("after"));
        assertEquals(p + " (content)", content.get("before_header"));

        ModuleResult applied = ctx("path", p.toString(), "block", "x", "backup", true).run();
        String backup = (String) applied.data().get("backup_file");
        assertEquals("a\n", Files.readString(Path.of(backup)));

        ModuleResult created = ctx("path", dir.resolve("n").toString(), "block", "x", "create", true)
                .checkMode(true).run();
        assertEquals("File created", created.data().get("msg"));
        assertTrue(created.data().get("diff") instanceof Map);
        assertFalse(Files.exists(dir.resolve("n")));
    }

    @Test
    void validateFailureLeavesTheFile() throws IOException {
        ModuleResult r = edit("a\n", "a\n", "block", "x", "validate", "false %s");
        assertTrue(r.failed());
        assertEquals("failed to validate: rc:1 error:", r.data().get("msg"));
    }

    @Test
    void markerTemplatesAreReSubTemplates() throws IOException {
        edit("", "# <{mark}>\nx\n# END\n", "block", "x", "marker", "# {mark}", "marker_begin", "<\\g<0>>");
        ModuleResult crash = edit("a\n", "a\n", "block", "x", "marker", "# {mark}", "marker_begin", "\\1");
        assertEquals("MODULE FAILURE\nSee stdout/stderr for the exact error", crash.data().get("msg"));
    }
}
