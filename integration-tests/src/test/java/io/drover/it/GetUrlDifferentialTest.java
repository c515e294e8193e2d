package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.modules.net.TestHttpServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * get_url run by ansible-playbook and by Drover on the fleet, each into its own per-host directory
 * ({@code /tmp/geturl-ansible}, {@code /tmp/geturl-drover}), downloading from an HTTP and an HTTPS server (with a
 * self-signed certificate made by keytool) that this test runs on the fleet bridge address: files, a redirect,
 * a Content-Disposition name, a checksum file, a 404 and 304 answers to If-Modified-Since. Compares recaps,
 * changed tasks and the resulting trees for a first and a second run, and check mode changing nothing.
 */
@ExtendWith(FleetExtension.class)
class GetUrlDifferentialTest {

    private static final Path PLAYBOOK = Fleet.repoRoot().resolve("integration-tests/src/test/resources/geturl/geturl.yml");

    @TempDir
    static Path keys;

    private static TestHttpServer http;
    private static TestHttpServer https;

    @BeforeAll
    static void startServers() throws Exception {
        http = new TestHttpServer(Fleet.GATEWAY_ADDRESS, null);
        https = new TestHttpServer(Fleet.GATEWAY_ADDRESS, selfSigned());
    }

    @AfterAll
    static void stopServers() {
        http.close();
        https.close();
    }

    private static SSLContext selfSigned() throws Exception {
        Path store = keys.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        ProcessResult r = ProcessRunner.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=" + Fleet.GATEWAY_ADDRESS,
                "-ext", "SAN=ip:" + Fleet.GATEWAY_ADDRESS, "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").run();
        assertTrue(r.succeeded(), r.describe());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static String out(PlaybookRunner runner) {
        return "/tmp/geturl-" + runner.name();
    }

    private static ProcessResult run(PlaybookRunner runner, String... extra) {
        List<String> args = new ArrayList<>(List.of("-e", "out=" + out(runner),
                "-e", "http_url=" + http.url(""), "-e", "https_url=" + https.url(""),
                "-e", "hello_sha256=" + TestHttpServer.sha256(TestHttpServer.HELLO)));
        args.addAll(List.of(extra));
        return runner.playbook(runner.fleet().inventory(), PLAYBOOK, args);
    }

    @Test
    void firstRunSecondRunAndCheckModeMatchAnsible(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        for (PlaybookRunner r : List.of(ansible, drover)) {
            for (Fleet.Host h : fleet.hosts()) {
                FileModulesDifferentialTest.deleteTree(fleet.hostPath(h.name(), out(r)));
            }
        }
        for (int round = 1; round <= 2; round++) {
            ProcessResult a = run(ansible);
            ProcessResult d = run(drover);
            assertEquals(0, a.exitCode(), a.describe());
            assertEquals(0, d.exitCode(), d.describe());
            assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), "run " + round + ": " + d.describe());
            assertEquals(FileModulesDifferentialTest.changedTasks(a.stdout()),
                    FileModulesDifferentialTest.changedTasks(d.stdout()), "run " + round + ": " + d.describe());
            assertTreesEqual(fleet, ansible, drover);
        }

        Map<String, Map<String, String>> before = trees(fleet, ansible, drover);
        ProcessResult a = run(ansible, "--check");
        ProcessResult d = run(drover, "--check");
        assertEquals(0, a.exitCode(), a.describe());
        assertEquals(0, d.exitCode(), d.describe());
        assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), d.describe());
        assertEquals(FileModulesDifferentialTest.changedTasks(a.stdout()),
                FileModulesDifferentialTest.changedTasks(d.stdout()), d.describe());
        assertEquals(before, trees(fleet, ansible, drover), "check mode changed files");
    }

    private static Map<String, Map<String, String>> trees(Fleet fleet, PlaybookRunner... runners) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (PlaybookRunner r : runners) {
            for (Fleet.Host h : fleet.hosts()) {
                all.put(r.name() + " " + h.name(), FileModulesDifferentialTest.tree(fleet.hostPath(h.name(), out(r))));
            }
        }
        return all;
    }

    private static void assertTreesEqual(Fleet fleet, PlaybookRunner ansible, PlaybookRunner drover) {
        for (Fleet.Host h : fleet.hosts()) {
            Map<String, String> expected = FileModulesDifferentialTest.tree(fleet.hostPath(h.name(), out(ansible)));
            assertFalse(expected.isEmpty(), "ansible wrote nothing on " + h.name());
            assertEquals(expected, FileModulesDifferentialTest.tree(fleet.hostPath(h.name(), out(drover))), h.name());
        }
    }
}
