package io.drover.modules.net;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.modules.commands.ShellText;
import io.drover.modules.files.AtomicWriter;
import io.drover.modules.files.FileArgs;
import io.drover.modules.files.FileAttrs;
import io.drover.modules.files.FileDeploy;
import io.drover.modules.files.FileMode;
import io.drover.modules.files.PathState;
import io.drover.modules.files.RemoteScript;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code get_url}: downloads a URL (http, https, ftp, file) to a file on the target, with the target's own client
 * ({@link Fetcher}: curl, else wget, else python3). Like Ansible: an existing {@code dest} whose digest matches
 * {@code checksum} is left alone without any request; otherwise an existing file is fetched conditionally
 * ({@code If-Modified-Since} its mtime; 304 leaves it unchanged) unless {@code force}; a download replaces
 * {@code dest} only when its SHA-1 differs; a directory {@code dest} gets the name from Content-Disposition or
 * the URL. The download goes to a temp file in dest's directory (or {@code tmp_dest}), is checked against
 * {@code checksum} and only then renamed over {@code dest}, so {@code dest} is never partial and is left as it
 * was when anything fails (where Ansible would delete a dest whose download does not match the checksum).
 * Check mode sends a HEAD request, as Ansible does.
 *
 * <p><b>Round trips</b> (after the connection is open): 1 for everything in the common case: one script
 * examines dest, requests, verifies, moves, applies owner/group/mode and reports the final state. An existing
 * dest matching {@code checksum}: 1, no request (2 when only its owner/group/mode must change). A
 * {@code checksum} given as a URL adds 1 before that, to fetch the checksum file.
 */
public final class GetUrlModule implements Module {

    private static final Set<String> ALGORITHMS = Set.of("md5", "sha1", "sha224", "sha256", "sha384", "sha512");

    @Override
    public String name() {
        return "get_url";
    }

    @Override
    public ArgSpec argSpec() {
        return FileArgs.common(ArgSpec.builder())
                .add(ArgSpec.option("url", Type.STR).asRequired())
                .add(ArgSpec.option("dest", Type.PATH).asRequired())
                .add(ArgSpec.option("force", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("http_agent", Type.STR).withDefault("ansible-httpget"))
                .add(ArgSpec.option("use_proxy", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("validate_certs", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("url_username", Type.STR).aliases("username"))
                .add(ArgSpec.option("url_password", Type.STR).aliases("password").secret())
                .add(ArgSpec.option("force_basic_auth", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("client_cert", Type.PATH))
                .add(ArgSpec.option("client_key", Type.PATH))
                .add(ArgSpec.option("use_gssapi", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("backup", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("checksum", Type.STR).withDefault(""))
                .add(ArgSpec.option("timeout", Type.INT).withDefault(10L))
                .add(ArgSpec.option("headers", Type.DICT))
                .add(ArgSpec.option("tmp_dest", Type.PATH))
                .add(ArgSpec.option("unredirected_headers", Type.LIST).withDefault(List.of()))
                .add(ArgSpec.option("decompress", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("ciphers", Type.LIST))
                .add(ArgSpec.option("use_netrc", Type.BOOL).withDefault(true))
                .build();
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Args args = ctx.args();
        String url = args.str("url");
        String dest = args.str("dest");
        boolean force = args.bool("force");
        Fetcher fetcher = fetcher(args);
        FileAttrs attrs = FileAttrs.of(args);
        try {
            attrs.checkMode();
        } catch (FileMode.InvalidModeException e) {
            return ModuleResult.builder().failed(FileMode.INVALID).put("details", e.getMessage()).build();
        }
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("checksum_dest", null);
        base.put("checksum_src", null);
        base.put("dest", dest);
        base.put("elapsed", 0L);
        base.put("url", url);

        String algorithm = null;
        String checksum = "";
        String given = args.str("checksum");
        if (!given.isEmpty()) {
            int colon = given.indexOf(':');
            if (colon < 0) {
                return ModuleResult.builder().changed(false).putAll(base)
                        .failed("The checksum parameter has to be in format <algorithm>:<checksum>").build();
            }
            algorithm = given.substring(0, colon);
            checksum = given.substring(colon + 1);
            if (isUrl(checksum)) {
                String checksumUrl = checksum;
                Fetched sums = fetchChecksumFile(ctx, fetcher, checksumUrl, dest, force);
                if (sums.result() != null) {
                    return sums.result();
                }
                String filename = ChecksumFile.urlFilename(url);
                checksum = ChecksumFile.find(sums.content(), filename);
                if (checksum == null) {
                    return ModuleResult.failed("Unable to find a checksum for file '" + filename + "' in '"
                            + checksumUrl + "'");
                }
            }
            checksum = checksum.replaceAll("[^\\p{L}\\p{N}_]+", "").toLowerCase(Locale.ROOT);
            if (!checksum.matches("(0x)?[0-9a-f]+(_?[0-9a-f])*")) {
                return ModuleResult.builder().changed(false).putAll(base).failed("The checksum format is invalid")
                        .build();
            }
            if (!ALGORITHMS.contains(algorithm)) {
                return ModuleResult.failed("Could not hash file '" + dest + "' with algorithm '" + algorithm
                        + "'. Available algorithms: md5, sha1, sha224, sha256, sha384, sha512");
            }
        }
        GetUrlScript plan = new GetUrlScript(url, dest, args.str("tmp_dest"), algorithm, checksum, force,
                ctx.checkMode(), args.bool("backup"), attrs, fetcher);
        RemoteScript script = new RemoteScript();
        plan.build(script);
        CommandResult r = ctx.exec(script.text());
        Map<String, String> s = script.sections(r.stdout());
        return report(ctx, s, r, base, url, attrs, checksum);
    }

    private static Fetcher fetcher(Args args) {
        Map<String, String> headers = new LinkedHashMap<>();
        args.dict("headers").forEach((k, v) -> headers.put(k, v == null ? "" : String.valueOf(v)));
        return new Fetcher(args.str("http_agent"), args.integer("timeout", 10), args.bool("validate_certs"),
                args.bool("use_proxy"), args.str("url_username"), args.str("url_password"),
                args.bool("force_basic_auth"), headers, args.str("client_cert"), args.str("client_key"),
                args.bool("use_netrc"));
    }

    /** Ansible's test whether {@code checksum} names a checksum file rather than holding a digest. */
    private static boolean isUrl(String checksum) {
        return checksum.matches("(?i)(https?|ftp|file):.*");
    }

    /** A fetched checksum file, or the task's result when fetching failed. */
    private record Fetched(String content, ModuleResult result) {
    }

    private static Fetched fetchChecksumFile(ModuleContext ctx, Fetcher fetcher, String checksumUrl, String dest,
                                             boolean force) throws ConnectionException {
        RemoteScript script = new RemoteScript();
        GetUrlScript.checksumFile(script, fetcher, checksumUrl, force);
        CommandResult r = ctx.exec(script.text());
        Map<String, String> s = script.sections(r.stdout());
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("dest", dest);
        base.put("url", checksumUrl);
        ModuleResult failure = requestOutcome(s, r, base, checksumUrl);
        if (failure != null) {
            return new Fetched(null, failure);
        }
        return new Fetched(s.getOrDefault("content", ""), null);
    }

    /**
     * The result when the request got no usable answer (transport failure, 304, HTTP error), else null. Puts
     * {@code elapsed} into {@code base}.
     */
    private static ModuleResult requestOutcome(Map<String, String> s, CommandResult r, Map<String, Object> base,
                                               String url) {
        if (s.containsKey("fail") && !s.containsKey("fetch")) {
            return ModuleResult.builder().changed(false).putAll(base).failed(s.get("fail").strip())
                    .putAll(pathInfo(s)).build();
        }
        String[] fetch = s.getOrDefault("fetch", "").split("\n", -1);
        if (fetch.length < 4) {
            String why = r.stderr().isBlank() ? "exit code " + r.exitCode() : r.stderr().strip();
            return ModuleResult.failed("get_url could not run on the target: " + why);
        }
        base.put("elapsed", Long.parseLong(fetch[2].strip()));
        Response resp = Response.parse(chomp(s.get("hdr")));
        if (s.containsKey("neterr")) {
            String msg = Fetcher.failure(fetch[0], Integer.parseInt(fetch[1].strip()), chomp(s.get("ferr")), url);
            ModuleResult.Builder b = ModuleResult.builder().changed(false).put("dest", base.get("dest"))
                    .put("elapsed", base.get("elapsed")).put("url", base.get("url")).failed(msg);
            return b.putAll(pathInfo(s)).build();
        }
        if (s.containsKey("notmod")) {
            return ModuleResult.builder().changed(false).put("url", base.get("url")).put("dest", base.get("dest"))
                    .msg(resp.errorMessage()).put("status_code", (long) resp.status())
                    .put("elapsed", base.get("elapsed")).putAll(pathInfo(s)).build();
        }
        if (s.containsKey("httperr")) {
            return ModuleResult.builder().changed(false).put("dest", base.get("dest"))
                    .put("elapsed", base.get("elapsed")).failed("Request failed")
                    .put("response", resp.errorMessage()).put("status_code", (long) resp.status())
                    .put("url", base.get("url")).putAll(pathInfo(s)).build();
        }
        return null;
    }

    private ModuleResult report(ModuleContext ctx, Map<String, String> s, CommandResult r, Map<String, Object> base,
                                String url, FileAttrs attrs, String checksum) throws ConnectionException {
        if (s.containsKey("exists")) {
            return alreadyThere(ctx, s, base, attrs);
        }
        ModuleResult outcome = requestOutcome(s, r, base, url);
        if (outcome != null) {
            return outcome;
        }
        Response resp = Response.parse(chomp(s.get("hdr")));
        String msg = resp.okMessage();
        base.put("src", line(s.get("tmp")));
        if (s.containsKey("dest")) {
            base.put("dest", line(s.get("dest")));
        }
        if (s.containsKey("csrc")) {
            base.put("checksum_src", line(s.get("csrc")));
        }
        if (s.containsKey("cdst")) {
            base.put("checksum_dest", line(s.get("cdst")));
        }
        boolean contentChanged = !java.util.Objects.equals(base.get("checksum_src"), base.get("checksum_dest"));
        if (s.containsKey("checked")) {
            return ModuleResult.builder().putAll(base).changed(contentChanged).msg(msg).putAll(pathInfo(s)).build();
        }
        if (s.containsKey("sumfail")) {
            return ModuleResult.builder().putAll(base).changed(contentChanged)
                    .failed("The checksum for " + base.get("dest") + " did not match " + checksum + "; it was "
                            + line(s.get("sumfail")) + ".").build();
        }
        if (s.containsKey("fail") || !s.containsKey("final")) {
            String why = s.containsKey("fail") ? s.get("fail").strip()
                    : "get_url did not finish on the target: " + (r.stderr().isBlank() ? "exit code " + r.exitCode()
                    : r.stderr().strip());
            return ModuleResult.builder().putAll(base).changed(false).failed(why).putAll(pathInfo(s)).build();
        }
        boolean changed = "1".equals(line(s.get("changed"))) || "1".equals(line(s.get("attrs")));
        ModuleResult.Builder b = ModuleResult.builder().putAll(base).changed(changed)
                .put("md5sum", line(s.get("md5"))).msg(msg)
                .put("status_code", resp.status() == 0 ? null : (long) resp.status());
        if (s.containsKey("backup")) {
            b.put("backup_file", line(s.get("backup")));
        }
        return b.putAll(FileDeploy.pathInfo(PathState.parse(null, s.get("final")))).build();
    }

    /** Dest already holds the checksum's content: only owner/group/mode may need a change. */
    private static ModuleResult alreadyThere(ModuleContext ctx, Map<String, String> s, Map<String, Object> base,
                                             FileAttrs attrs) throws ConnectionException {
        PathState state = PathState.parse(line(s.get("dest0")), s.get("state"));
        FileAttrs.Ids ids = attrs.resolve(s);
        if (ids.error() != null) {
            return ModuleResult.builder().putAll(base).changed(false).failed(ids.error())
                    .putAll(FileDeploy.pathInfo(state)).build();
        }
        FileAttrs.Change change;
        try {
            change = attrs.plan(ids, state.uid(), state.gid(), state.mode(), state.isDirectory(),
                    Integer.parseInt(s.get("umask").strip(), 8));
        } catch (FileMode.InvalidModeException e) {
            return ModuleResult.builder().failed(FileMode.INVALID).put("details", e.getMessage()).build();
        }
        PathState after = state;
        if (change.any() && !ctx.checkMode()) {
            AtomicWriter.Outcome out = AtomicWriter.apply(ctx, List.of(new AtomicWriter.Item(state.path(), null,
                    state, 0, change, null, false, null, null)));
            if (out.failed()) {
                return ModuleResult.builder().putAll(base).changed(false).failed(out.failure())
                        .putAll(FileDeploy.pathInfo(state)).build();
            }
            after = out.written().get(0).after();
        }
        return ModuleResult.builder().putAll(base).changed(change.any())
                .msg(change.any() ? "file already exists but file attributes changed" : "file already exists")
                .putAll(FileDeploy.pathInfo(after)).build();
    }

    /** Ansible adds the path's attributes to a result whose dest exists. */
    private static Map<String, Object> pathInfo(Map<String, String> s) {
        String state = s.get("state");
        return state == null ? Map.of() : FileDeploy.pathInfo(PathState.parse(null, state));
    }

    private static String line(String text) {
        return text == null ? null : text.strip();
    }

    /** Section text without the newline the script adds so the next section marker starts a line. */
    private static String chomp(String text) {
        if (text == null) {
            return "";
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * The final response of a request as its header dump shows it.
     *
     * @param status HTTP status, 0 for none (file: and ftp: URLs)
     */
    record Response(int status, String reason, Map<String, String> headers) {

        /** The last status line and its headers; header names lower-cased, repeated ones joined as Ansible does. */
        static Response parse(String dump) {
            int status = 0;
            String reason = "";
            Map<String, String> headers = new LinkedHashMap<>();
            for (String raw : dump.split("\n")) {
                String l = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
                if (l.startsWith("HTTP/")) {
                    String[] parts = l.split(" ", 3);
                    status = parts.length > 1 && parts[1].matches("\\d+") ? Integer.parseInt(parts[1]) : 0;
                    reason = parts.length > 2 ? parts[2] : "";
                    headers.clear();
                    continue;
                }
                int colon = l.indexOf(':');
                if (colon > 0) {
                    String name = l.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    String value = l.substring(colon + 1).strip();
                    headers.merge(name, value, (a, b) -> a + ", " + b);
                }
            }
            return new Response(status, reason, headers);
        }

        /** {@code OK (12 bytes)}: the length the server announced, as urllib reports it. */
        String okMessage() {
            return "OK (" + headers.getOrDefault("content-length", "unknown") + " bytes)";
        }

        /** urllib's HTTPError text, {@code HTTP Error 404: Not Found}. */
        String errorMessage() {
            return "HTTP Error " + status + ": " + reason;
        }
    }

    /** Quotes a value for the scripts. */
    static String q(String s) {
        return ShellText.quote(s);
    }
}
