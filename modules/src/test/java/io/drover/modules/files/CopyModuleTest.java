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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** copy against this machine's /bin/sh: results, round trips, atomicity, check and diff mode. */
class CopyModuleTest {

    @TempDir
    Path dir;

    private static ShellModuleContext ctx(Map<String, Object> args) {
        return ShellModuleContext.of(new CopyModule(), args);
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void contentIsWrittenThenUnchangedInOneRoundTrip() throws IOException {
        Path dest = dir.resolve("a");
        ShellModuleContext first = ctx(args("content", "hello\n", "dest", dest.toString(), "mode", "0640"));
        ModuleResult r = first.run();
        assertTrue(r.changed(), r.toString());
        assertEquals(2, first.execCount(), "query + apply");
        assertEquals("hello\n", Files.readString(dest));
        assertEquals("rw-r-----", mode(dest));
        assertEquals("f572d396fae9206628714fb2ce00f72e94f2258f", r.data().get("checksum"));
        assertEquals("b1946ac92492d2347c6235b4d2611184", r.data().get("md5sum"));
        assertEquals("0640", r.data().get("mode"));
        assertEquals("file", r.data().get("state"));
        assertEquals(6L, r.data().get("size"));
        assertEquals(dest.toString(), r.data().get("dest"));

        ShellModuleContext second = ctx(args("content", "hello\n", "dest", dest.toString(), "mode", "0640"));
        ModuleResult r2 = second.run();
        assertFalse(r2.changed(), r2.toString());
        assertEquals(1, second.execCount(), "an unchanged file costs one round trip");
        assertEquals(dest.toString(), r2.data().get("path"));
        assertFalse(r2.data().containsKey("md5sum"));
        assertNoTempFiles();
    }

    @Test
    void modeOnlyChangeIsChangedWithAttributeDiff() throws IOException {
        Path dest = dir.resolve("m");
        Files.writeString(dest, "x");
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rw-r--r--"));
        ShellModuleContext c = ctx(args("content", "x", "dest", dest.toString(), "mode", "u=rw,g=,o=")).diffMode(true);
        ModuleResult r = c.run();
        assertTrue(r.changed());
        assertEquals(2, c.execCount());
        assertEquals("rw-------", mode(dest));
        @SuppressWarnings("unchecked")
        Map<String, Object> diff = (Map<String, Object>) r.data().get("diff");
        assertEquals(Map.of("path", dest.toString(), "mode", "0644"), diff.get("before"));
        assertEquals(Map.of("path", dest.toString(), "mode", "0600"), diff.get("after"));
    }

    @Test
    void checkModePredictsAndChangesNothing() throws IOException {
        Path dest = dir.resolve("c");
        Files.writeString(dest, "old\n");
        ShellModuleContext c = ctx(args("content", "new\n", "dest", dest.toString())).checkMode(true).diffMode(true);
        ModuleResult r = c.run();
        assertTrue(r.changed());
        assertEquals(1, c.execCount(), "check mode stops after the query");
        assertEquals("old\n", Files.readString(dest));
        @SuppressWarnings("unchecked")
        Map<String, Object> d = ((List<Map<String, Object>>) r.data().get("diff")).get(0);
        assertEquals("old\n", d.get("before"));
        assertEquals("new\n", d.get("after"));
        assertEquals(dest.toString(), d.get("before_header"));
    }

    @Test
    void failingValidateLeavesDestUntouchedAndNoTempFiles() throws IOException {
        Path dest = dir.resolve("v");
        Files.writeString(dest, "keep\n");
        ShellModuleContext c = ctx(args("content", "bad\n", "dest", dest.toString(), "validate", "grep -q good %s"));
        ModuleResult r = c.run();
        assertTrue(r.failed(), r.toString());
        assertEquals("failed to validate", r.data().get("msg"));
        assertEquals(1L, r.data().get("exit_status"));
        assertEquals("keep\n", Files.readString(dest));
        assertNoTempFiles();
        ModuleResult ok = ctx(args("content", "good\n", "dest", dest.toString(), "validate", "grep -q good %s")).run();
        assertTrue(ok.changed(), ok.toString());
        assertEquals("good\n", Files.readString(dest));
        assertNoTempFiles();
    }

    @Test
    void backupKeepsTheOldFile() throws IOException {
        Path dest = dir.resolve("b");
        Files.writeString(dest, "one\n");
        ModuleResult r = ctx(args("content", "two\n", "dest", dest.toString(), "backup", true)).run();
        String backup = (String) r.data().get("backup_file");
        assertTrue(backup.matches(".*/b\\.\\d+\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~"), backup);
        assertEquals("one\n", Files.readString(Path.of(backup)));
        assertEquals("two\n", Files.readString(dest));
    }

    @Test
    void missingDirectoryFailsLikeAnsible() {
        ModuleResult r = ctx(args("content", "x", "dest", dir.resolve("no/such").toString())).run();
        assertTrue(r.failed());
        assertEquals("Destination directory " + dir.resolve("no") + " does not exist", r.data().get("msg"));
    }

    @Test
    void invalidModeFailsBeforeWriting() {
        Path dest = dir.resolve("i");
        ShellModuleContext c = ctx(args("content", "x", "dest", dest.toString(), "mode", "999"));
        ModuleResult r = c.run();
        assertEquals("mode must be in octal or symbolic form", r.data().get("msg"));
        assertEquals("bad symbolic permission for mode: 999", r.data().get("details"));
        assertEquals(0, c.execCount());
        assertFalse(Files.exists(dest));
    }

    @Test
    void forceFalseNeverReplaces() throws IOException {
        Path dest = dir.resolve("f");
        Files.writeString(dest, "mine");
        ModuleResult r = ctx(args("content", "theirs", "dest", dest.toString(), "force", false)).run();
        assertFalse(r.changed());
        assertEquals("mine", Files.readString(dest));
    }

    @Test
    void fileSourceIntoDirectoryDest() throws IOException {
        Path src = dir.resolve("src.txt");
        Files.writeString(src, "s\n");
        Path out = Files.createDirectory(dir.resolve("out"));
        ShellModuleContext c = ctx(args("src", src.toString(), "dest", out.toString()));
        ModuleResult r = c.run();
        assertTrue(r.changed(), r.toString());
        assertEquals("s\n", Files.readString(out.resolve("src.txt")));
        assertEquals(out.resolve("src.txt").toString(), r.data().get("dest"));
    }

    @Test
    void directoryTreeIsCopiedInTwoRoundTripsAndThenUnchanged() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(dir.resolve("tree/a"), "a\n");
        Files.writeString(tree.resolve("b"), "b\n");
        Files.write(tree.resolve("bin"), new byte[]{0, 1, 2, (byte) 255});
        Path out = dir.resolve("out");
        ShellModuleContext c = ctx(args("src", dir.resolve("tree").toString(), "dest", out + "/", "directory_mode", "0750"));
        ModuleResult r = c.run();
        assertTrue(r.changed(), r.toString());
        assertEquals(2, c.execCount());
        assertEquals("a\n", Files.readString(out.resolve("tree/a")));
        assertEquals("b\n", Files.readString(out.resolve("tree/sub/b")));
        assertEquals(4, Files.readAllBytes(out.resolve("tree/sub/bin")).length);
        assertEquals("rwxr-x---", mode(out.resolve("tree/sub")));
        ShellModuleContext again = ctx(args("src", dir.resolve("tree").toString(), "dest", out + "/", "directory_mode", "0750"));
        ModuleResult r2 = again.run();
        assertFalse(r2.changed(), r2.toString());
        assertEquals(1, again.execCount());
        ModuleResult contents = ctx(args("src", dir.resolve("tree") + "/", "dest", dir.resolve("flat").toString())).run();
        assertTrue(contents.changed());
        assertEquals("a\n", Files.readString(dir.resolve("flat/a")));
    }

    @Test
    void remoteSourceIsCopiedOnTheTarget() throws IOException {
        Path src = dir.resolve("rs");
        Files.writeString(src, "hello\n");
        Path dest = dir.resolve("rd");
        ModuleResult r = ctx(args("src", src.toString(), "dest", dest.toString(), "remote_src", true)).run();
        assertTrue(r.changed(), r.toString());
        assertEquals("hello\n", Files.readString(dest));
        assertEquals("b1946ac92492d2347c6235b4d2611184", r.data().get("md5sum"));
        ModuleResult r2 = ctx(args("src", src.toString(), "dest", dest.toString(), "remote_src", true)).run();
        assertFalse(r2.changed(), r2.toString());
        ModuleResult missing = ctx(args("src", dir + "/nope", "dest", dest.toString(), "remote_src", true)).run();
        assertEquals("Source " + dir + "/nope not found", missing.data().get("msg"));
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> tmp = s.filter(p -> p.getFileName().toString().startsWith(".drover")).toList();
            assertEquals(List.of(), tmp);
        }
    }

    @Test
    void missingAbsoluteSourceIsNotSearchedFor() {
        ModuleResult r = ctx(args("src", dir.resolve("nope").toString(), "dest", dir.resolve("d").toString())).run();
        assertTrue(r.failed());
        assertEquals("Could not find or access '" + dir.resolve("nope") + "' on the Ansible Controller.\n"
                + "If you are using a module and expect the file to exist on the remote, see the remote_src option",
                r.data().get("msg"));
    }
}
