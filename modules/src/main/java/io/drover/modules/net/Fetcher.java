package io.drover.modules.net;

import io.drover.modules.commands.ShellText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The download step of {@code get_url} as shell text run on the target, with whatever client the target has:
 * {@code curl} when present, else {@code wget}, else {@code python3} (its urllib, as Ansible itself uses). The
 * script gets a function {@code _dvget METHOD URL OUTFILE} that writes the body to OUTFILE, every response's
 * status line and headers to {@code "$_dvh"} (as {@code curl -D} dumps them), the client's error text to
 * {@code "$_dvh.e"}, and sets {@code _dvrc} (client exit status), {@code _dveff} (URL after redirects) and
 * {@code _dvbk} (which client ran). It reads {@code _dvims} (an If-Modified-Since date) and {@code _dvnc}
 * (non-empty: send {@code Cache-Control: no-cache}), as Ansible's conditional and forced requests do.
 *
 * <p>Transport failures are turned into the message Ansible's urllib would give by {@link #failure}.
 *
 * @param agent        User-Agent ({@code http_agent})
 * @param timeout      seconds for connecting and for each read
 * @param validateCerts verify the server certificate
 * @param useProxy     honour the proxy environment variables
 * @param username     basic auth user, or null
 * @param password     basic auth password, or null
 * @param forceBasic   send credentials without waiting for a 401 challenge
 * @param headers      extra request headers
 * @param clientCert   client certificate path, or null
 * @param clientKey    client key path, or null
 * @param useNetrc     read credentials from {@code ~/.netrc}
 */
public record Fetcher(String agent, long timeout, boolean validateCerts, boolean useProxy, String username,
                      String password, boolean forceBasic, Map<String, String> headers, String clientCert,
                      String clientKey, boolean useNetrc) {

    /** Exit status of the python3 client when its error text is already Ansible's message. */
    static final int PYTHON_MESSAGE = 97;

    /** A minimal urllib client; prints the final URL, dumps status line and headers like {@code curl -D}. */
    private static final String PYTHON_CLIENT = """
            import base64, shutil, ssl, sys, urllib.error, urllib.request as rq
            m, url, out, hdr, timeout, insecure, user, pw, basic, proxy, agent = sys.argv[1:12]
            handlers = [] if proxy == '1' else [rq.ProxyHandler({})]
            ctx = ssl.create_default_context()
            if insecure == '1':
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
            handlers.append(rq.HTTPSHandler(context=ctx))
            if user and basic != '1':
                mgr = rq.HTTPPasswordMgrWithDefaultRealm()
                mgr.add_password(None, url, user, pw)
                handlers.append(rq.HTTPBasicAuthHandler(mgr))
            req = rq.Request(url, method=m)
            req.add_header('User-Agent', agent)
            for h in sys.argv[12:]:
                k, _, v = h.partition(':')
                req.add_header(k.strip(), v.strip())
            if user and basic == '1':
                req.add_header('Authorization', 'Basic ' + base64.b64encode((user + ':' + pw).encode()).decode())
            def dump(code, reason, headers):
                with open(hdr, 'w') as f:
                    if code:
                        f.write('HTTP/1.1 %s %s\\r\\n' % (code, reason))
                    for k, v in headers.items():
                        f.write('%s: %s\\r\\n' % (k, v))
            try:
                r = rq.build_opener(*handlers).open(req, timeout=float(timeout))
            except urllib.error.HTTPError as e:
                dump(e.code, e.reason, e.headers)
                print(e.url)
                sys.exit(0)
            except urllib.error.URLError as e:
                sys.stderr.write('Request failed: %s' % e)
                sys.exit(97)
            except ValueError as e:
                sys.stderr.write('%s' % e)
                sys.exit(97)
            except OSError as e:
                sys.stderr.write('Connection failure: %s' % e)
                sys.exit(97)
            with open(out, 'wb') as f:
                shutil.copyfileobj(r, f)
            dump(r.status, r.reason, r.headers)
            print(r.geturl())
            """;

    /** The {@code _dvget} function. */
    public String shellFunction() {
        StringBuilder sb = new StringBuilder();
        sb.append("_dvget() {\n")
                .append("  : > \"$_dvh\"; : > \"$_dvh.e\"; _dveff=$2\n")
                .append("  if command -v curl >/dev/null 2>&1; then _dvbk=curl\n")
                .append("    if [ \"$1\" = HEAD ]; then _dvmo=-I; else _dvmo=-L; fi\n")
                .append("    _dveff=$(curl -sS --http1.1 --max-redirs 10 -D \"$_dvh\" -o \"$3\" -w '%{url_effective}' $_dvmo ")
                .append(String.join(" ", curlOptions()))
                .append(" ${_dvims:+-H} ${_dvims:+\"If-Modified-Since: $_dvims\"} ${_dvnc:+-H} ${_dvnc:+'Cache-Control: no-cache'}")
                .append(" --url \"$2\" 2>\"$_dvh.e\"); _dvrc=$?\n")
                .append("    [ \"$1\" = HEAD ] && : > \"$3\"\n")
                .append("  elif command -v wget >/dev/null 2>&1; then _dvbk=wget\n")
                .append("    if [ \"$1\" = HEAD ]; then _dvmo='--method=HEAD --max-redirect=0'; else _dvmo=--max-redirect=10; fi\n")
                .append("    wget -S -nv -O \"$3\" $_dvmo ")
                .append(String.join(" ", wgetOptions()))
                .append(" ${_dvims:+\"--header=If-Modified-Since: $_dvims\"} ${_dvnc:+'--header=Cache-Control: no-cache'}")
                .append(" -- \"$2\" 2>\"$_dvh.e\"; _dvrc=$?\n")
                // wget logs headers indented among its other lines; keep them, drop the indent.
                .append("    sed -n 's/^  \\([A-Za-z0-9-]*:\\|HTTP\\/\\)/\\1/p' \"$_dvh.e\" > \"$_dvh\"\n")
                .append("    _dvx=$(sed -n 's/^[Ll]ocation: *//p' \"$_dvh\" | tail -n 1 | tr -d '\\r'); [ -n \"$_dvx\" ] && _dveff=$_dvx\n")
                .append("  elif command -v python3 >/dev/null 2>&1; then _dvbk=python3\n")
                .append("    _dveff=$(python3 -c ").append(ShellText.quote(PYTHON_CLIENT))
                .append(" \"$1\" \"$2\" \"$3\" \"$_dvh\" ").append(pythonArguments())
                .append(" ${_dvims:+\"If-Modified-Since: $_dvims\"} ${_dvnc:+'Cache-Control: no-cache'} 2>\"$_dvh.e\"); _dvrc=$?\n")
                .append("  else _dvbk=none; _dvrc=127; fi\n")
                .append("}\n");
        return sb.toString();
    }

    private List<String> curlOptions() {
        List<String> o = new ArrayList<>(List.of("-A", ShellText.quote(agent), "--connect-timeout", Long.toString(timeout),
                "-y", Long.toString(timeout), "-Y", "1"));
        if (!validateCerts) {
            o.add("-k");
        }
        if (!useProxy) {
            o.add("--noproxy");
            o.add("'*'");
        }
        if (username != null) {
            o.add("-u");
            o.add(ShellText.quote(username + ":" + (password == null ? "" : password)));
        } else if (useNetrc) {
            o.add("--netrc-optional");
        }
        headers.forEach((k, v) -> {
            o.add("-H");
            o.add(ShellText.quote(k + ": " + v));
        });
        if (clientCert != null) {
            o.add("--cert");
            o.add(ShellText.quote(clientCert));
        }
        if (clientKey != null) {
            o.add("--key");
            o.add(ShellText.quote(clientKey));
        }
        return o;
    }

    private List<String> wgetOptions() {
        List<String> o = new ArrayList<>(List.of("-U", ShellText.quote(agent), "-T", Long.toString(timeout), "-t", "1"));
        if (!validateCerts) {
            o.add("--no-check-certificate");
        }
        if (!useProxy) {
            o.add("--no-proxy");
        }
        if (username != null) {
            o.add(ShellText.quote("--user=" + username));
            o.add(ShellText.quote("--password=" + (password == null ? "" : password)));
            if (forceBasic) {
                o.add("--auth-no-challenge");
            }
        }
        headers.forEach((k, v) -> o.add(ShellText.quote("--header=" + k + ": " + v)));
        if (clientCert != null) {
            o.add(ShellText.quote("--certificate=" + clientCert));
        }
        if (clientKey != null) {
            o.add(ShellText.quote("--private-key=" + clientKey));
        }
        return o;
    }

    private String pythonArguments() {
        List<String> o = new ArrayList<>(List.of(Long.toString(timeout), validateCerts ? "0" : "1",
                ShellText.quote(username == null ? "" : username), ShellText.quote(password == null ? "" : password),
                forceBasic ? "1" : "0", useProxy ? "1" : "0", ShellText.quote(agent)));
        headers.forEach((k, v) -> o.add(ShellText.quote(k + ": " + v)));
        return String.join(" ", o);
    }

    /**
     * Ansible's message for a request that got no HTTP response, from the client's exit status and error text.
     *
     * @param client {@code curl}, {@code wget}, {@code python3} or {@code none}
     * @param url    the requested URL
     */
    public static String failure(String client, int rc, String stderr, String url) {
        String err = stderr.strip();
        if (client.equals("none")) {
            return "Request failed: no HTTP client on the target: get_url needs curl, wget or python3";
        }
        if (client.equals("python3") && rc == PYTHON_MESSAGE) {
            return err;
        }
        String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')) : "";
        if (err.contains("not supported") && err.contains("Protocol") || err.contains("Unsupported scheme")) {
            return urlopen("unknown url type: " + scheme);
        }
        if (err.contains("No route to host")) {
            return urlopen("[Errno 113] No route to host");
        }
        if (err.contains("Network is unreachable")) {
            return urlopen("[Errno 101] Network is unreachable");
        }
        // curl 7.88 says only "Couldn't connect to server" when the port is closed.
        if (err.contains("Connection refused") || client.equals("curl") && rc == 7) {
            return urlopen("[Errno 111] Connection refused");
        }
        if (client.equals("curl") && rc == 6 || err.contains("unable to resolve host")
                || err.contains("Name or service not known")) {
            return urlopen("[Errno -2] Name or service not known");
        }
        if (client.equals("curl") && rc == 28 || err.contains("timed out")) {
            return urlopen("timed out");
        }
        int cert = err.indexOf("SSL certificate problem: ");
        if (cert >= 0) {
            return urlopen("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                    + err.substring(cert + "SSL certificate problem: ".length()).lines().findFirst().orElse("")
                    + " (_ssl.c:992)");
        }
        if (err.contains("self-signed certificate") || err.contains("certificate verify")
                || err.contains("Cannot verify") || err.contains("certificate")) {
            return urlopen("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:992)");
        }
        if (client.equals("curl") && rc == 37 || err.contains("No such file")) {
            String path = url.replaceFirst("^file://[^/]*", "");
            return urlopen("[Errno 2] No such file or directory: '" + path + "'");
        }
        if (client.equals("curl") && rc == 3) {
            return "unknown url type: '" + url + "'";
        }
        String text = err.replaceFirst("^curl: \\(\\d+\\) ", "").lines().reduce((a, b) -> b).orElse("exit code " + rc);
        return urlopen(text);
    }

    private static String urlopen(String reason) {
        return "Request failed: <urlopen error " + reason + ">";
    }
}
