package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
    private static final String HELLO = "hello world\n";
    /** Last-Modified of every file served, in the past so that downloaded copies are newer. */
    private static final ZonedDateTime MODIFIED = ZonedDateTime.of(2020, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @TempDir
    static Path keys;

    private static HttpServer http;
    private static HttpsServer https;

    @BeforeAll
    static void startServers() throws Exception {
        http = HttpServer.create(new InetSocketAddress(Fleet.GATEWAY_ADDRESS, 0), 0);
        http.createContext("/", GetUrlDifferentialTest::handle);
        http.start();
        https = HttpsServer.create(new InetSocketAddress(Fleet.GATEWAY_ADDRESS, 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
        https.createContext("/", GetUrlDifferentialTest::handle);
        https.start();
    }

    @AfterAll
    static void stopServers() {
        http.stop(0);
        https.stop(0);
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

    private static void handle(HttpExchange ex) throws IOException {
        String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
        switch (ex.getRequestURI().getPath()) {
            case "/hello.txt" -> {
                if (ims != null && !ZonedDateTime.parse(ims, HTTP_DATE).isBefore(MODIFIED)) {
                    ex.sendResponseHeaders(304, -1);
                    ex.close();
                    return;
                }
                ex.getResponseHeaders().add("Last-Modified", HTTP_DATE.format(MODIFIED));
                send(ex, 200, HELLO);
            }
            case "/redir" -> {
                ex.getResponseHeaders().add("Location", "/hello.txt");
                ex.sendResponseHeaders(302, -1);
                ex.close();
            }
            case "/disp" -> {
                ex.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"named.txt\"");
                send(ex, 200, "named\n");
            }
            case "/SHA256SUMS" -> send(ex, 200, sha256(HELLO) + "  hello.txt\n" + sha256("x") + " *other.txt\n");
            default -> send(ex, 404, "not here\n");
        }
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (head) {
            ex.getResponseHeaders().add("Content-Length", Integer.toString(b.length));
        }
        ex.sendResponseHeaders(code, head ? -1 : b.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
        ex.close();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String out(PlaybookRunner runner) {
        return "/tmp/geturl-" + runner.name();
    }

    private static ProcessResult run(PlaybookRunner runner, String... extra) {
        List<String> args = new ArrayList<>(List.of("-e", "out=" + out(runner),
                "-e", "http_url=http://" + Fleet.GATEWAY_ADDRESS + ":" + http.getAddress().getPort(),
                "-e", "https_url=https://" + Fleet.GATEWAY_ADDRESS + ":" + https.getAddress().getPort(),
                "-e", "hello_sha256=" + sha256(HELLO)));
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
