package io.drover.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ModuleResult;
import io.drover.modules.ShellModuleContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * unarchive against this machine's /bin/sh, GNU tar and unzip, with archives of every format built by the test:
 * handlers, idempotence, round trips, creates, check mode, include/exclude, mode, failures, and Drover's refusal of
 * archives whose members would land outside dest (a deliberate hardening over Ansible 2.14, see
 * {@link UnarchiveModule}).
 */
class UnarchiveModuleTest {

    @TempDir
    Path dir;
    private Path tmp;
    private Path tree;
    private Path dest;

    @BeforeEach
    void setUp() throws IOException {
        tmp = Files.createDirectories(dir.resolve("remote-tmp"));
        tree = Files.createDirectories(dir.resolve("tree"));
        dest = Files.createDirectories(dir.resolve("dest"));
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("a.txt"), "hello\n");
        Files.writeString(tree.resolve("sub/b.txt"), "world\n");
        Files.setPosixFilePermissions(tree.resolve("a.txt"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("a.txt"));
        // Members older than anything the test writes: tar --diff (like Ansible) notices a change by mtime.
        sh(tree, "touch -h -d '2020-01-02 03:04:05' a.txt sub/b.txt sub link");
    }

    private static void sh(Path cwd, String script) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", script).directory(cwd.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(script + ": " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Builds the test tree into an archive named {@code name} with the given shell command ({@code $A} = path). */
    private Path archive(String name, String command) {
        Path a = dir.resolve(name);
        sh(tree, "A=" + a + "; " + command);
        return a;
    }

    private Path tgz() {
        return archive("a.tar.gz", "tar -czf \"$A\" .");
    }

    private Path zip() {
        return archive("a.zip", "zip -qry \"$A\" .");
    }

    private ShellModuleContext ctx(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ShellModuleContext.of(new UnarchiveModule(), m).env("TMPDIR", tmp.toString());
    }

    private void assertNoTempLeft() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "temp directories left on the target");
        }
    }

    private List<String> destTree() throws IOException {
        try (Stream<Path> s = Files.walk(dest)) {
            return s.map(p -> dest.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void tgzExtractsInTwoRoundTripsThenIsUnchangedInOne() throws IOException {
        Path a = tgz();
        ShellModuleContext first = ctx("src", a.toString(), "dest", dest.toString(), "list_files", true);
        ModuleResult r = first.run();
        assertTrue(r.changed(), r.toString());
        assertEquals(2, first.execCount(), "inspect + apply");
        assertEquals("TgzArchive", r.data().get("handler"));
        assertEquals(dest.toString(), r.data().get("dest"));
        assertEquals("hello\n", Files.readString(dest.resolve("a.txt")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("a.txt"))));
        assertEquals(Path.of("a.txt"), Files.readSymbolicLink(dest.resolve("link")));
        assertEquals(List.of("./", "./a.txt", "./link", "./sub/", "./sub/b.txt"),
                ((List<?>) r.data().get("files")).stream().map(String::valueOf).sorted().toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> er = (Map<String, Object>) r.data().get("extract_results");
        assertEquals(0, er.get("rc"));
        List<?> cmd = (List<?>) er.get("cmd");
        assertEquals(List.of("--extract", "-C", dest.toString(), "-z", "-f"), cmd.subList(1, 6));
        assertEquals(r.data().get("src"), cmd.get(6));
        assertEquals("directory", r.data().get("state"));
        assertTrue(r.data().containsKey("uid") && r.data().containsKey("mode") && r.data().containsKey("size"));
        assertNoTempLeft();

        ShellModuleContext second = ctx("src", a.toString(), "dest", dest.toString());
        ModuleResult r2 = second.run();
        assertFalse(r2.changed(), r2.toString());
        assertEquals(1, second.execCount(), "an unchanged tar costs one round trip");
        assertFalse(r2.data().containsKey("extract_results"));
        assertFalse(r2.data().containsKey("files"));
        assertNoTempLeft();
    }

    @Test
    void everyFormatHasAnsiblesHandlerAndIsIdempotent() throws IOException {
        Map<String, String> formats = new LinkedHashMap<>();
        formats.put("a.tar", "tar -cf \"$A\" .|TarArchive");
        formats.put("a.tgz", "tar -czf \"$A\" .|TgzArchive");
        formats.put("a.tar.bz2", "tar -cjf \"$A\" .|TarArchive");
        formats.put("a.tar.xz", "tar -cJf \"$A\" .|TarArchive");
        formats.put("a.tar.zst", "tar --zstd -cf \"$A\" .|TarArchive");
        formats.put("a.zip", "zip -qry \"$A\" .|ZipArchive");
        for (Map.Entry<String, String> f : formats.entrySet()) {
            String[] spec = f.getValue().split("\\|");
            Path a = archive(f.getKey(), spec[0]);
            Path d = Files.createDirectories(dir.resolve("out-" + f.getKey()));
            ModuleResult r = ctx("src", a.toString(), "dest", d.toString()).run();
            assertTrue(r.changed(), f.getKey() + ": " + r);
            assertEquals(spec[1], r.data().get("handler"), f.getKey());
            assertEquals("world\n", Files.readString(d.resolve("sub/b.txt")), f.getKey());
            ModuleResult again = ctx("src", a.toString(), "dest", d.toString()).run();
            assertFalse(again.changed(), f.getKey() + ": " + again);
        }
        assertNoTempLeft();
    }

    @Test
    void zipUnchangedCostsTwoRoundTripsAndReportsItemizedChanges() throws IOException {
        Path a = zip();
        ModuleResult r = ctx("src", a.toString(), "dest", dest.toString(), "list_files", true).run();
        assertTrue(r.changed());
        @SuppressWarnings("unchecked")
        Map<String, Object> diff = (Map<String, Object>) r.data().get("diff");
        String prepared = (String) diff.get("prepared");
        assertTrue(prepared.contains(">f++++++.?? a.txt\n") && prepared.contains(">L++++++.?? link\n")
                && prepared.contains(">d++++++.?? sub/\n"), prepared);
        assertEquals(List.of("a.txt", "link", "sub/", "sub/b.txt"),
                ((List<?>) r.data().get("files")).stream().map(String::valueOf).sorted().toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> er = (Map<String, Object>) r.data().get("extract_results");
        assertEquals(List.of("-o", r.data().get("src"), "-d", dest.toString()), ((List<?>) er.get("cmd")).subList(1, 5));

        ShellModuleContext second = ctx("src", a.toString(), "dest", dest.toString());
        ModuleResult r2 = second.run();
        assertFalse(r2.changed(), r2.toString());
        assertFalse(r2.data().containsKey("diff"));
        assertEquals(2, second.execCount(), "inspect + cleanup of the uploaded zip");

        // Same size, same mtime, other content: only the content comparison can see it.
        Path b = dest.resolve("sub/b.txt");
        FileTime mtime = Files.getLastModifiedTime(b);
        Files.writeString(b, "WORLD\n");
        Files.setLastModifiedTime(b, mtime);
        ModuleResult r3 = ctx("src", a.toString(), "dest", dest.toString()).run();
        assertTrue(r3.changed());
        assertEquals(Map.of("prepared", ".fc......?? sub/b.txt\n"), r3.data().get("diff"));
        assertEquals("world\n", Files.readString(b));
        assertNoTempLeft();
    }

    @Test
    void modifiedTarMemberIsExtractedAgainAndExtraFilesAreIgnored() throws IOException {
        Path a = tgz();
        ctx("src", a.toString(), "dest", dest.toString()).run();
        Files.writeString(dest.resolve("a.txt"), "changed locally\n");
        Files.writeString(dest.resolve("extra"), "not in the archive\n");
        ModuleResult r = ctx("src", a.toString(), "dest", dest.toString()).run();
        assertTrue(r.changed(), r.toString());
        assertEquals("hello\n", Files.readString(dest.resolve("a.txt")));
        assertEquals("not in the archive\n", Files.readString(dest.resolve("extra")));
        assertFalse(ctx("src", a.toString(), "dest", dest.toString()).run().changed());
    }

    @Test
    void remoteSrcIncludeExcludeAndListFiles() throws IOException {
        Path a = tgz();
        ModuleResult r = ctx("src", a.toString(), "dest", dest.toString(), "remote_src", true,
                "include", List.of("./sub/b.txt"), "list_files", true).run();
        assertTrue(r.changed(), r.toString());
        assertEquals(a.toString(), r.data().get("src"));
        assertEquals(List.of("./sub/b.txt"), r.data().get("files"));
        assertEquals(List.of("", "sub", "sub/b.txt"), destTree());
        assertTrue(Files.exists(a), "a remote source is left alone");

        Path z = zip();
        Path d2 = Files.createDirectories(dir.resolve("zip-out"));
        ModuleResult rz = ctx("src", z.toString(), "dest", d2.toString(), "remote_src", true,
                "exclude", List.of("sub/*", "link"), "list_files", true).run();
        assertTrue(rz.changed(), rz.toString());
        // Python's fnmatch: "sub/*" matches "sub/" itself.
        assertEquals(List.of("a.txt"), rz.data().get("files"));
        assertTrue(Files.exists(d2.resolve("a.txt")));
        assertFalse(Files.exists(d2.resolve("sub/b.txt")));
        assertFalse(Files.exists(d2.resolve("link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(ctx("src", z.toString(), "dest", d2.toString(), "remote_src", true,
                "exclude", List.of("sub/*", "link")).run().changed());
        assertNoTempLeft();
    }

    @Test
    void symbolicModeIsAppliedToEveryMemberAndThenUnchanged() throws IOException {
        Path a = archive("plain.tar", "tar -cf \"$A\" a.txt sub");
        ModuleResult r = ctx("src", a.toString(), "dest", dest.toString(), "mode", "u=rwX,g=rX,o=").run();
        assertTrue(r.changed(), r.toString());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("a.txt"))));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("sub/b.txt"))));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("sub"))));
        ShellModuleContext again = ctx("src", a.toString(), "dest", dest.toString(), "mode", "u=rwX,g=rX,o=");
        assertFalse(again.run().changed());
        assertEquals(2, again.execCount(), "owner/group/mode are checked in the apply round trip");

        // Only a mode differs: changed, nothing re-extracted.
        Files.setPosixFilePermissions(dest.resolve("sub/b.txt"), PosixFilePermissions.fromString("rw-rw-rw-"));
        ModuleResult r3 = ctx("src", a.toString(), "dest", dest.toString(), "mode", "u=rwX,g=rX,o=").run();
        assertTrue(r3.changed());
        assertFalse(r3.data().containsKey("extract_results"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("sub/b.txt"))));
        assertNoTempLeft();
    }

    @Test
    void createsSkipsBeforeAnyTransfer() throws IOException {
        Path a = tgz();
        Files.writeString(dest.resolve("marker"), "");
        ShellModuleContext c = ctx("src", a.toString(), "dest", dest.toString(), "creates", dest.resolve("marker").toString());
        ModuleResult r = c.run();
        assertTrue(r.skipped());
        assertFalse(r.changed());
        assertEquals("skipped, since " + dest.resolve("marker") + " exists", r.data().get("msg"));
        assertEquals(1, c.execCount());
        assertTrue(c.scripts().get(0).length() < 1000, "no archive in the probe");

        ShellModuleContext remote = ctx("src", a.toString(), "dest", dest.toString(), "remote_src", true,
                "creates", dest.resolve("marker").toString());
        assertTrue(remote.run().skipped());
        assertEquals(1, remote.execCount());
        assertEquals(List.of("", "marker"), destTree());
    }

    @Test
    void checkModeSkipsTarAndPredictsZipWithoutWriting() throws IOException {
        ShellModuleContext t = ctx("src", tgz().toString(), "dest", dest.toString()).checkMode(true);
        ModuleResult r = t.run();
        assertTrue(r.skipped());
        assertEquals("remote module (ansible.legacy.unarchive) does not support check mode when using gtar",
                r.data().get("msg"));
        ShellModuleContext z = ctx("src", zip().toString(), "dest", dest.toString()).checkMode(true);
        ModuleResult rz = z.run();
        assertTrue(rz.changed(), rz.toString());
        assertEquals(1, z.execCount());
        assertEquals("ZipArchive", rz.data().get("handler"));
        assertFalse(rz.data().containsKey("extract_results"));
        assertEquals(List.of(""), destTree());
        assertNoTempLeft();
    }

    @Test
    void failuresUseAnsiblesMessages() throws IOException {
        Path a = tgz();
        ModuleResult noDest = ctx("src", a.toString(), "dest", dir.resolve("missing").toString()).run();
        assertEquals("dest '" + dir.resolve("missing") + "' must be an existing dir", noDest.data().get("msg"));
        assertFalse(Files.exists(dir.resolve("missing")));

        ModuleResult noSrc = ctx("src", dir.resolve("nope.tgz").toString(), "dest", dest.toString(), "remote_src", true).run();
        assertEquals("Source '" + dir.resolve("nope.tgz") + "' does not exist", noSrc.data().get("msg"));

        Files.writeString(dir.resolve("empty"), "");
        ModuleResult empty = ctx("src", dir.resolve("empty").toString(), "dest", dest.toString(), "remote_src", true).run();
        assertEquals("Invalid archive '" + dir.resolve("empty") + "', the file is 0 bytes", empty.data().get("msg"));

        Files.writeString(dir.resolve("garbage.tgz"), "garbage\n");
        ModuleResult bad = ctx("src", dir.resolve("garbage.tgz").toString(), "dest", dest.toString()).run();
        assertTrue(bad.failed());
        String msg = (String) bad.data().get("msg");
        assertTrue(msg.startsWith("Failed to find handler for \"" + tmp), msg);
        assertTrue(msg.contains("/source\". Make sure the required command to extract the file is installed.\n"), msg);
        assertTrue(msg.contains("could not handle archive:   End-of-central-directory signature not found."), msg);
        assertTrue(msg.contains("could not handle archive: Unable to list files in the archive: \ngzip: stdin: not in gzip format\n"), msg);
        assertTrue(msg.contains("tar: This does not look like a tar archive\n"), msg);

        assertEquals("parameters are mutually exclusive: ('copy', 'remote_src')",
                ctx("src", a.toString(), "dest", dest.toString(), "copy", false, "remote_src", true).run().data().get("msg"));
        assertEquals("src (or content) and dest are required", ctx("dest", dest.toString()).run().data().get("msg"));
        assertEquals(List.of(""), destTree());
        assertNoTempLeft();
    }

    @Test
    void remoteUrlIsDownloadedOnTheTarget() throws IOException {
        byte[] body = Files.readAllBytes(tgz());
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/a.tar.gz", x -> {
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/a.tar.gz";
            ShellModuleContext c = ctx("src", url, "dest", dest.toString(), "remote_src", true);
            ModuleResult r = c.run();
            assertTrue(r.changed(), r.toString());
            assertEquals(2, c.execCount());
            assertTrue(((String) r.data().get("src")).endsWith("/a.tar.gz"), r.toString());
            assertEquals("hello\n", Files.readString(dest.resolve("a.txt")));
            String missing = "http://127.0.0.1:" + server.getAddress().getPort() + "/nope.tgz";
            ModuleResult notFound = ctx("src", missing, "dest", dest.toString(), "remote_src", true).run();
            assertTrue(((String) notFound.data().get("msg")).startsWith("Failure downloading " + missing + ", "),
                    notFound.toString());
        } finally {
            server.stop(0);
        }
        assertNoTempLeft();
    }

    @Test
    void copyFalseMeansRemoteSource() {
        Path a = tgz();
        ModuleResult r = ctx("src", a.toString(), "dest", dest.toString(), "copy", false).run();
        assertTrue(r.changed(), r.toString());
        assertEquals(a.toString(), r.data().get("src"));
    }

    // ---- Drover hardening: archives that would write outside dest are refused before anything is extracted ----

    private void assertRefused(Path archive, String reason) throws IOException {
        Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        for (boolean remote : List.of(false, true)) {
            ModuleResult r = ctx("src", archive.toString(), "dest", dest.toString(), "remote_src", remote).run();
            assertTrue(r.failed(), r.toString());
            String msg = (String) r.data().get("msg");
            assertTrue(msg.startsWith("Refusing to unpack ") && msg.contains(reason) && msg.endsWith("nothing was extracted"), msg);
            assertNull(r.data().get("extract_results"));
            assertEquals(List.of(""), destTree(), "dest untouched");
            try (Stream<Path> s = Files.list(outside)) {
                assertEquals(List.of(), s.toList(), "nothing written outside");
            }
        }
        assertNoTempLeft();
    }

    @Test
    void refusesDotDotMembers() throws IOException {
        Files.createDirectories(tree.resolve("inner"));
        Path a = dir.resolve("dotdot.tar");
        sh(tree.resolve("inner"), "tar -cPf " + a + " ../a.txt");
        assertRefused(a, "member '../a.txt' has a '..' path component");
    }

    @Test
    void refusesAbsoluteMembers() throws IOException {
        Path a = dir.resolve("abs.tar");
        sh(dir, "tar -cPf " + a + " " + tree.resolve("a.txt"));
        assertRefused(a, "member '" + tree.resolve("a.txt") + "' has an absolute path");
    }

    @Test
    void refusesSymlinkOutThenMemberThroughIt() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path s1 = Files.createDirectories(dir.resolve("s1"));
        Path s2 = Files.createDirectories(dir.resolve("s2/evil"));
        Files.createSymbolicLink(s1.resolve("evil"), outside);
        Files.writeString(s2.resolve("passwd"), "owned\n");
        Path a = dir.resolve("symlink.tar");
        sh(dir, "tar -cf " + a + " -C s1 evil && tar -rf " + a + " -C s2 evil/passwd");
        assertRefused(a, "symlink 'evil' points outside dest (-> " + outside + ")");

        // The same trick with a relative link and in a zip.
        Path z1 = Files.createDirectories(dir.resolve("z1"));
        Files.createSymbolicLink(z1.resolve("evil"), Path.of("../outside"));
        Path z = dir.resolve("symlink.zip");
        sh(dir, "(cd z1 && zip -qy " + z + " evil) && (cd s2 && zip -q " + z + " evil/passwd)");
        assertRefused(z, "symlink 'evil' points outside dest (-> ../outside)");
    }

    @Test
    void refusesHardLinkToOutside() throws IOException {
        Path s = Files.createDirectories(dir.resolve("hl"));
        Files.writeString(s.resolve("x"), "x\n");
        Files.createLink(s.resolve("y"), s.resolve("x"));
        Path a = dir.resolve("hard.tar");
        sh(s, "tar -cf " + a + " x y");
        // GNU tar always strips ".." from hard link targets it writes, so the header is patched as an attacker would.
        byte[] tar = Files.readAllBytes(a);
        int header = 1024;
        byte[] target = "../outside/x".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.Arrays.fill(tar, header + 157, header + 257, (byte) 0);
        System.arraycopy(target, 0, tar, header + 157, target.length);
        java.util.Arrays.fill(tar, header + 148, header + 156, (byte) ' ');
        int sum = 0;
        for (int i = header; i < header + 512; i++) {
            sum += tar[i] & 0xff;
        }
        byte[] chk = String.format("%06o\0 ", sum).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, tar, header + 148, 8);
        Files.write(a, tar);
        assertRefused(a, "hard link 'y' points outside dest (=> ../outside/x)");
    }

    @Test
    void guardResolvesLinksThroughTheArchivesOwnLinks() {
        List<ArchiveGuard.Entry> inside = List.of(new ArchiveGuard.Entry("lib/libfoo.so", 'l', "../lib64/libfoo.so.1"),
                new ArchiveGuard.Entry("./cur", 'l', "sub"), new ArchiveGuard.Entry("cur/file", '-', null));
        assertTrue(ArchiveGuard.refusal(inside).isEmpty());
        // "here" is the root itself, so "here/.." is the root's parent although it looks harmless.
        List<ArchiveGuard.Entry> sneaky = List.of(new ArchiveGuard.Entry("here", 'l', "."),
                new ArchiveGuard.Entry("up", 'l', "here/.."), new ArchiveGuard.Entry("up/x", '-', null));
        assertEquals("symlink 'up' points outside dest (-> here/..)", ArchiveGuard.refusal(sneaky).orElseThrow());
        List<ArchiveGuard.Entry> loop = List.of(new ArchiveGuard.Entry("a", 'l', "b"), new ArchiveGuard.Entry("b", 'l', "a"));
        assertTrue(ArchiveGuard.refusal(loop).isPresent());
    }

    @Test
    void tarListingIsParsedFromCQuotedNames() {
        List<ArchiveGuard.Entry> e = ArchiveGuard.parseTarListing("""
                lrwxrwxrwx root/root         0 2026-11-26 01:28 "./up" -> "../../x y"
                hrw-r--r-- root/root         0 2026-11-26 01:28 "./d/f" link to "./hard"
                -rw-r--r-- root/root         2 2026-11-26 01:28 "./sp ace\\"q\\303\\251"
                """);
        assertEquals(new ArchiveGuard.Entry("./up", 'l', "../../x y"), e.get(0));
        assertEquals(new ArchiveGuard.Entry("./d/f", 'h', "./hard"), e.get(1));
        assertEquals(new ArchiveGuard.Entry("./sp ace\"qé", '-', null), e.get(2));
    }
}
