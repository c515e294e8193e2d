package io.drover.modules.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP(S) server for get_url tests: {@code /hello.txt} (honours If-Modified-Since),
 * {@code /redir} (302 to it), {@code /disp} (named by Content-Disposition), {@code /SHA256SUMS} and 404 for
 * anything else. Records every request as {@code METHOD path [If-Modified-Since] [Cache-Control]}. The unit tests
 * run it on 127.0.0.1; the integration tests (through the test jar) on the fleet bridge, also with TLS.
 */
public final class TestHttpServer implements AutoCloseable {

    public static final String HELLO = "hello world\n";
    /** Fixed, in the past, so a file downloaded now is newer. */
    private static final ZonedDateTime MODIFIED = ZonedDateTime.of(2020, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ROOT);

    private final HttpServer server;
    private final String scheme;
    private final String address;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    TestHttpServer() throws IOException {
        this("127.0.0.1", null);
    }

    /** A server on {@code address} (any free port), with TLS from {@code tls} when it is not null. */
    public TestHttpServer(String address, SSLContext tls) throws IOException {
        InetSocketAddress bind = new InetSocketAddress(address, 0);
        if (tls == null) {
            server = HttpServer.create(bind, 0);
        } else {
            HttpsServer https = HttpsServer.create(bind, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        this.scheme = tls == null ? "http" : "https";
        this.address = address;
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code scheme://address:port} followed by {@code path}. */
    public String url(String path) {
        return scheme + "://" + address + ":" + server.getAddress().getPort() + path;
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
        String cc = ex.getRequestHeaders().getFirst("Cache-Control");
        requests.add(ex.getRequestMethod() + " " + path + (ims == null ? "" : " ims") + (cc == null ? "" : " " + cc));
        switch (path) {
            case "/hello.txt" -> {
                if (ims != null && !ZonedDateTime.parse(ims, HTTP_DATE.withZone(ZoneOffset.UTC)).isBefore(MODIFIED)) {
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
                send(ex, 200, "disp\n");
            }
            case "/SHA256SUMS" -> send(ex, 200, sha256(HELLO) + "  hello.txt\n" + sha256("x") + " *other.txt\n");
            default -> send(ex, 404, "no such thing\n");
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

    @Override
    public void close() {
        server.stop(0);
    }
}
