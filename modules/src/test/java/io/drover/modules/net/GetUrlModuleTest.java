package io.drover.modules.net;

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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** get_url against this machine's /bin/sh and a local HTTP server: results, requests made, round trips. */
class GetUrlModuleTest {

    private static final String HELLO_SHA1 = "22596363b3de40b06f981fb85d82312e8c0ed511";

    @TempDir
    Path dir;

    private TestHttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ShellModuleContext ctx(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ShellModuleContext.of(new GetUrlModule(), m);
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".drover")).toList());
        }
    }

    @Test
    void downloadsInOneRoundTripThenAConditionalRequestLeavesItAlone() throws IOException {
        Path dest = dir.resolve("a.txt");
        ShellModuleContext c = ctx("url", server.url("/hello.txt"), "dest", dest.toString(), "mode", "0640");
        ModuleResult r = c.run();
        assertTrue(r.changed(), r.toString());
        assertEquals(1, c.execCount(), "one round trip for the whole download");
        assertEquals(TestHttpServer.HELLO, Files.readString(dest));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest)));
        Map<String, Object> d = r.data();
        assertEquals("OK (12 bytes)", d.get("msg"));
        assertEquals(200L, d.get("status_code"));
        assertEquals(HELLO_SHA1, d.get("checksum_src"));
        assertNull(d.get("checksum_dest"));
        assertEquals("6f5902ac237024bdd0c176cb93063dc4", d.get("md5sum"));
        assertEquals(dest.toString(), d.get("dest"));
        assertEquals("0640", d.get("mode"));
        assertEquals(12L, d.get("size"));
        assertEquals("file", d.get("state"));
        assertEquals(server.url("/hello.txt"), d.get("url"));
        assertTrue(d.containsKey("elapsed") && d.containsKey("src") && d.containsKey("uid"));
        assertNoTempFiles();

        ShellModuleContext again = ctx("url", server.url("/hello.txt"), "dest", dest.toString(), "mode", "0640");
        ModuleResult r2 = again.run();
        assertFalse(r2.changed(), r2.toString());
        assertEquals(1, again.execCount());
        assertEquals("HTTP Error 304: Not Modified", r2.data().get("msg"));
        assertEquals(304L, r2.data().get("status_code"));
        assertEquals(List.of("GET /hello.txt", "GET /hello.txt ims"), server.requests());
    }

    @Test
    void forceDownloadsAgainButReplacesOnlyDifferentContent() throws IOException {
        Path dest = dir.resolve("f.txt");
        Files.writeString(dest, TestHttpServer.HELLO);
        ModuleResult same = ctx("url", server.url("/hello.txt"), "dest", dest.toString(), "force", true).run();
        assertFalse(same.changed(), same.toString());
        assertEquals(HELLO_SHA1, same.data().get("checksum_dest"));
        Files.writeString(dest, "old\n");
        Files.setLastModifiedTime(dest, FileTime.from(Instant.now()));
        ModuleResult differs = ctx("url", server.url("/hello.txt"), "dest", dest.toString(), "force", true,
                "backup", true).run();
        assertTrue(differs.changed(), differs.toString());
        assertEquals(TestHttpServer.HELLO, Files.readString(dest));
        Path backup = Path.of((String) differs.data().get("backup_file"));
        assertEquals("old\n", Files.readString(backup));
        assertEquals(List.of("GET /hello.txt no-cache", "GET /hello.txt no-cache"), server.requests());
    }

    @Test
    void matchingChecksumMeansNoRequestAndOneRoundTrip() throws IOException {
        Path dest = dir.resolve("c.txt");
        Files.writeString(dest, TestHttpServer.HELLO);
        ShellModuleContext c = ctx("url", server.url("/hello.txt"), "dest", dest.toString(),
                "checksum", "sha256:" + TestHttpServer.sha256(TestHttpServer.HELLO).toUpperCase());
        ModuleResult r = c.run();
        assertFalse(r.changed(), r.toString());
        assertEquals("file already exists", r.data().get("msg"));
        assertEquals(1, c.execCount());
        assertEquals(List.of(), server.requests());

        ShellModuleContext mode = ctx("url", server.url("/hello.txt"), "dest", dest.toString(), "mode", "0600",
                "checksum", "sha256:" + TestHttpServer.sha256(TestHttpServer.HELLO));
        ModuleResult m = mode.run();
        assertTrue(m.changed(), m.toString());
        assertEquals("file already exists but file attributes changed", m.data().get("msg"));
        assertEquals("0600", m.data().get("mode"));
        assertEquals(2, mode.execCount(), "the attribute change is a second round trip");
    }

    @Test
    void checksumFromAUrlCostsOneMoreRoundTrip() throws IOException {
        Path dest = dir.resolve("s.txt");
        ShellModuleContext c = ctx("url", server.url("/hello.txt"), "dest", dest.toString(),
                "checksum", "sha256:" + server.url("/SHA256SUMS"));
        ModuleResult r = c.run();
        assertTrue(r.changed(), r.toString());
        assertEquals(2, c.execCount());
        assertEquals(TestHttpServer.HELLO, Files.readString(dest));
        ShellModuleContext again = ctx("url", server.url("/hello.txt"), "dest", dest.toString(),
                "checksum", "sha256:" + server.url("/SHA256SUMS"));
        ModuleResult r2 = again.run();
        assertEquals("file already exists", r2.data().get("msg"), r2.toString());
        assertEquals(List.of("GET /SHA256SUMS", "GET /hello.txt", "GET /SHA256SUMS"), server.requests());

        ModuleResult missing = ctx("url", server.url("/redir"), "dest", dest.toString(),
                "checksum", "sha256:" + server.url("/SHA256SUMS")).run();
        assertEquals("Unable to find a checksum for file 'redir' in '" + server.url("/SHA256SUMS") + "'",
                missing.data().get("msg"));
    }

    @Test
    void checksumMismatchFailsAndKeepsTheOldFile() throws IOException {
        Path dest = dir.resolve("m.txt");
        Files.writeString(dest, "old\n");
        ModuleResult r = ctx("url", server.url("/hello.txt"), "dest", dest.toString(), "checksum", "sha256:00ff").run();
        assertTrue(r.failed(), r.toString());
        assertEquals("The checksum for " + dest + " did not match 00ff; it was "
                + TestHttpServer.sha256(TestHttpServer.HELLO) + ".", r.data().get("msg"));
        assertEquals("old\n", Files.readString(dest));
        assertNoTempFiles();
        ModuleResult bad = ctx("url", server.url("/hello.txt"), "dest", dest.toString(), "checksum", "sha256:xyz").run();
        assertEquals("The checksum format is invalid", bad.data().get("msg"));
        ModuleResult noColon = ctx("url", server.url("/hello.txt"), "dest", dest.toString(), "checksum", "abc").run();
        assertEquals("The checksum parameter has to be in format <algorithm>:<checksum>", noColon.data().get("msg"));
    }

    @Test
    void httpAndConnectionErrorsHaveAnsiblesShape() throws IOException {
        Path dest = dir.resolve("n.txt");
        ModuleResult r = ctx("url", server.url("/nope"), "dest", dest.toString()).run();
        assertTrue(r.failed());
        assertEquals("Request failed", r.data().get("msg"));
        assertEquals(404L, r.data().get("status_code"));
        assertEquals("HTTP Error 404: Not Found", r.data().get("response"));
        assertFalse(Files.exists(dest));
        ModuleResult refused = ctx("url", "http://127.0.0.1:1/x", "dest", dest.toString()).run();
        assertEquals("Request failed: <urlopen error [Errno 111] Connection refused>", refused.data().get("msg"));
        ModuleResult file = ctx("url", "file:///nonexistent-drover", "dest", dest.toString()).run();
        assertEquals("Request failed: <urlopen error [Errno 2] No such file or directory: '/nonexistent-drover'>",
                file.data().get("msg"));
        ModuleResult noDir = ctx("url", server.url("/hello.txt"), "dest", dir.resolve("no/x").toString()).run();
        assertEquals("Destination " + dir.resolve("no") + " does not exist", noDir.data().get("msg"));
        assertEquals(HELLO_SHA1, noDir.data().get("checksum_src"));
        assertNoTempFiles();
    }

    @Test
    void directoryDestIsNamedByRedirectTargetOrContentDisposition() throws IOException {
        ModuleResult r = ctx("url", server.url("/redir"), "dest", dir.toString()).run();
        assertTrue(r.changed(), r.toString());
        assertEquals(dir.resolve("hello.txt").toString(), r.data().get("dest"));
        assertEquals(server.url("/redir"), r.data().get("url"));
        ModuleResult named = ctx("url", server.url("/disp"), "dest", dir + "/").run();
        assertEquals(dir.resolve("named.txt").toString(), named.data().get("dest"));
        assertEquals("disp\n", Files.readString(dir.resolve("named.txt")));
        ModuleResult again = ctx("url", server.url("/redir"), "dest", dir.toString()).run();
        assertFalse(again.changed(), "a directory dest is always downloaded, then compared");
    }

    @Test
    void checkModeSendsHeadAndWritesNothing() throws IOException {
        Path dest = dir.resolve("k.txt");
        ShellModuleContext c = ctx("url", server.url("/hello.txt"), "dest", dest.toString()).checkMode(true);
        ModuleResult r = c.run();
        assertTrue(r.changed(), r.toString());
        assertEquals("da39a3ee5e6b4b0d3255bfef95601890afd80709", r.data().get("checksum_src"));
        assertFalse(r.data().containsKey("status_code"));
        assertFalse(Files.exists(dest));
        assertEquals(List.of("HEAD /hello.txt"), server.requests());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void fileUrlsHaveNoStatusCode() throws IOException {
        Path src = dir.resolve("src.txt");
        Files.writeString(src, "abc");
        ModuleResult r = ctx("url", "file://" + src, "dest", dir.resolve("copy").toString()).run();
        assertTrue(r.changed(), r.toString());
        assertNull(r.data().get("status_code"));
        assertTrue(r.data().containsKey("status_code"));
        assertEquals("OK (3 bytes)", r.data().get("msg"));
        assertEquals("abc", Files.readString(dir.resolve("copy")));
    }

    /** A PATH holding everything in /usr/bin and /bin except the clients tried before {@code client}. */
    private Path pathWithout(List<String> hidden) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin-" + String.join("-", hidden)));
        for (String d : List.of("/usr/bin", "/bin")) {
            try (Stream<Path> s = Files.list(Path.of(d))) {
                for (Path p : s.toList()) {
                    Path link = bin.resolve(p.getFileName());
                    if (!hidden.contains(p.getFileName().toString()) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, p);
                    }
                }
            }
        }
        return bin;
    }

    @ParameterizedTest
    @ValueSource(strings = {"wget", "python3"})
    void otherClientsBehaveTheSame(String client) throws IOException {
        List<String> hidden = client.equals("wget") ? List.of("curl") : List.of("curl", "wget");
        String path = pathWithout(hidden).toString();
        Path out = Files.createDirectories(dir.resolve("out"));
        Path dest = out.resolve("a.txt");
        ModuleResult r = ctx("url", server.url("/redir"), "dest", dest.toString()).env("PATH", path).run();
        assertTrue(r.changed(), r.toString());
        assertEquals(TestHttpServer.HELLO, Files.readString(dest));
        assertEquals(200L, r.data().get("status_code"));
        ModuleResult again = ctx("url", server.url("/hello.txt"), "dest", dest.toString()).env("PATH", path).run();
        assertEquals(304L, again.data().get("status_code"), again.toString());
        ModuleResult missing = ctx("url", server.url("/nope"), "dest", dest.toString()).env("PATH", path).run();
        assertEquals("HTTP Error 404: Not Found", missing.data().get("response"), missing.toString());
        ModuleResult named = ctx("url", server.url("/redir"), "dest", out.toString()).env("PATH", path).run();
        assertEquals(out.resolve("hello.txt").toString(), named.data().get("dest"), named.toString());
        ModuleResult refused = ctx("url", "http://127.0.0.1:1/x", "dest", dest.toString()).env("PATH", path).run();
        assertEquals("Request failed: <urlopen error [Errno 111] Connection refused>", refused.data().get("msg"));
    }
}
