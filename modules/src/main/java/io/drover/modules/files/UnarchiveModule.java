package io.drover.modules.files;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;
import io.drover.module.ControllerFiles;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.modules.commands.ShellText;
import io.drover.modules.files.ArchiveCommands.Handler;
import io.drover.text.Fnmatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code unarchive}: unpacks a tar (plain, gzip, bzip2, xz, zstd) or zip archive into an existing directory with GNU
 * tar or unzip on the target. The archive is a controller file ({@code src}, found like copy's and sent to the
 * target) or, with {@code remote_src}, a path on the target or an http(s) URL the target downloads with curl or
 * wget. Handler choice, failure messages, the "already unpacked" test ({@code tar --diff} filtered as Ansible filters
 * it; for zip, every member's type, mtime, size, content, mode and owner against dest), {@code creates}, check mode
 * (zip compares; tar is skipped, as in Ansible 2.14), owner/group/mode on every member, and the return keys follow
 * ansible-core 2.14.
 *
 * <p><b>Drover hardening.</b> Before anything is extracted, the member list is checked by {@link ArchiveGuard}: an
 * archive with an absolute member name, a {@code ..} component, or a symlink or hard link leading outside dest is
 * refused ({@code failed}, "Refusing to unpack ...") and dest is left untouched. Ansible 2.14 extracts such archives
 * as far as tar/unzip let it.
 *
 * <p><b>Round trips.</b> 1 — inspect: the archive rides on standard input into a private temp directory (or the
 * remote path is checked, or the URL downloaded); dest is checked, the handler found, the members listed and compared
 * with dest ({@code tar --diff}, or per-member facts for zip). An unchanged tar without owner/group/mode ends here,
 * temp directory removed, as does any check-mode run. 2 — apply: extraction (when needed), owner/group/mode on every
 * member, temp directory removed, dest's final state. So an unchanged tar costs 1 round trip plus the transfer; an
 * unchanged zip, or one with owner/group/mode, 2; a changed archive 2. With a controller {@code src} and
 * {@code creates}, one small probe goes first so that a satisfied {@code creates} skips without any transfer.
 */
public final class UnarchiveModule implements Module {

    private static final String LOCALE = "export LANG=C.UTF-8 LC_ALL=C.UTF-8 LC_MESSAGES=C.UTF-8 LANGUAGE=C.UTF-8";
    private static final String CHECK_MODE_SKIP =
            "remote module (ansible.legacy.unarchive) does not support check mode when using gtar";

    @Override
    public String name() {
        return "unarchive";
    }

    @Override
    public ArgSpec argSpec() {
        return FileArgs.common(ArgSpec.builder())
                .add(ArgSpec.option("src", Type.PATH))
                .add(ArgSpec.option("dest", Type.PATH))
                .add(ArgSpec.option("remote_src", Type.BOOL))
                .add(ArgSpec.option("creates", Type.PATH))
                .add(ArgSpec.option("list_files", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("keep_newer", Type.BOOL).withDefault(false))
                .add(ArgSpec.option("exclude", Type.LIST))
                .add(ArgSpec.option("include", Type.LIST))
                .add(ArgSpec.option("extra_opts", Type.LIST))
                .add(ArgSpec.option("validate_certs", Type.BOOL).withDefault(true))
                .add(ArgSpec.option("io_buffer_size", Type.INT).withDefault(65536L))
                .add(ArgSpec.option("copy", Type.BOOL))
                .add(ArgSpec.option("decrypt", Type.BOOL).withDefault(true))
                .mutuallyExclusive("include", "exclude")
                .build();
    }

    /** What the task asked for, after the action plugin's checks. */
    private record Request(String src, boolean remote, String dest, String creates, ArchiveCommands commands,
                           FileAttrs attrs, boolean listFiles, boolean validateCerts) {
    }

    @Override
    public ModuleResult run(ModuleContext ctx) throws ConnectionException {
        Args a = ctx.args();
        if (a.has("copy") && a.has("remote_src")) {
            return ModuleResult.failed("parameters are mutually exclusive: ('copy', 'remote_src')");
        }
        boolean remote = a.has("copy") ? !a.bool("copy") : a.bool("remote_src");
        if (!a.has("src") || !a.has("dest")) {
            return ModuleResult.failed("src (or content) and dest are required");
        }
        FileAttrs attrs = FileAttrs.of(a);
        try {
            attrs.checkMode();
        } catch (FileMode.InvalidModeException e) {
            return ModuleResult.builder().failed(FileMode.INVALID).put("details", e.getMessage()).build();
        }
        Request req = new Request(a.str("src"), remote, a.str("dest"), a.str("creates"),
                new ArchiveCommands(strings(a.list("extra_opts")), strings(a.list("exclude")),
                        strings(a.list("include")), attrs.owner(), attrs.group(), a.bool("keep_newer")),
                attrs, a.bool("list_files"), !Boolean.FALSE.equals(a.raw("validate_certs")));

        byte[] archive = null;
        if (!remote) {
            if (req.creates() != null) {
                Optional<String> skip = createsExists(ctx, req.creates());
                if (skip.isPresent()) {
                    return skipped(skip.get());
                }
            }
            ControllerFiles.Search found = ctx.findFile("files", req.src());
            if (found.found() == null || Files.isDirectory(found.found())) {
                return ModuleResult.failed(found.notFoundMessage());
            }
            try {
                archive = ctx.readControllerFile(found.found(), a.bool("decrypt"));
            } catch (io.drover.vault.VaultException e) {
                return ModuleResult.failed(e.getMessage());
            } catch (IOException e) {
                return ModuleResult.failed("Could not read " + found.found() + ": " + e.getMessage());
            }
        }
        return new Run(ctx, req).inspect(archive);
    }

    private static List<String> strings(List<Object> values) {
        return values.stream().map(String::valueOf).toList();
    }

    private static ModuleResult skipped(String path) {
        return ModuleResult.builder().skipped("skipped, since " + path + " exists").build();
    }

    /** The action plugin's {@code creates} test, done before the archive is sent. */
    private static Optional<String> createsExists(ModuleContext ctx, String creates) throws ConnectionException {
        RemoteScript s = new RemoteScript();
        s.line("_dvc=" + ShellText.expandingWord(creates))
                .line("[ -e \"$_dvc\" ] && { " + RemoteScript.sectionCommand("skip") + "; printf '%s\\n' \"$_dvc\"; }");
        Map<String, String> out = s.sections(ctx.exec(s.text()).stdout());
        return Optional.ofNullable(out.get("skip")).map(String::strip);
    }

    /** One execution: the inspect round trip, then the apply round trip when needed. */
    private static final class Run {
        private final ModuleContext ctx;
        private final Request req;

        Run(ModuleContext ctx, Request req) {
            this.ctx = ctx;
            this.req = req;
        }

        ModuleResult inspect(byte[] archive) throws ConnectionException {
            RemoteScript s = inspectScript(archive != null);
            CommandResult r = ctx.exec(s.text(), archive);
            Map<String, String> out = s.sections(r.stdout());
            if (out.containsKey("skip")) {
                return skipped(out.get("skip").strip());
            }
            if (out.containsKey("nodest")) {
                return ModuleResult.failed("dest '" + out.get("nodest").strip() + "' must be an existing dir");
            }
            if (out.containsKey("fail")) {
                return ModuleResult.failed(out.get("fail").strip());
            }
            if (out.containsKey("skipcheck")) {
                return ModuleResult.builder().skipped(CHECK_MODE_SKIP).build();
            }
            if (!out.containsKey("src")) {
                return ModuleResult.failed("could not examine " + req.dest() + " on the target: " + r.stderr().strip());
            }
            String src = out.get("src").strip();
            if (out.containsKey("nohandler")) {
                Set<String> reasons = new LinkedHashSet<>();
                out.forEach((k, v) -> {
                    if (k.startsWith("reason")) {
                        reasons.add(chop(v));
                    }
                });
                return ModuleResult.failed("Failed to find handler for \"" + src + "\". Make sure the required command "
                        + "to extract the file is installed.\n" + String.join("\n", reasons));
            }
            return decide(out, src);
        }

        private ModuleResult decide(Map<String, String> out, String src) throws ConnectionException {
            Handler h = Handler.named(out.get("handler").strip());
            String dest = out.get("dest").strip();
            String work = out.get("work").strip();
            boolean kept = out.getOrDefault("kept", "").strip().equals("1");
            String[] tools = out.get("tools").split("\n", -1);
            String[] ids = out.get("ids").strip().split(" ");
            long uid = Long.parseLong(ids[0]);
            long gid = Long.parseLong(ids[1]);
            int umask = Integer.parseInt(ids[2], 8);
            FileAttrs.Ids wanted = req.attrs().resolve(out);
            ModuleResult.Builder b = ModuleResult.builder().put("handler", h.className).put("dest", dest).put("src", src);
            if (wanted.error() != null) {
                return abort(b.failed(wanted.error()), work, kept);
            }

            List<String> files;
            boolean unarchived;
            List<ArchiveGuard.Entry> entries;
            List<String> newer = List.of();
            String prepared = "";
            if (h.isZip()) {
                ZipCompare zip = ZipCompare.parse(out.getOrDefault("zip", ""), Integer.parseInt(out.get("ziprc").strip()));
                ZipCompare.Verdict v = zip.compare(new ZipCompare.Wanted(wanted.uid() != null ? wanted.uid() : uid,
                        wanted.gid() != null ? wanted.gid() : gid, req.attrs().mode(), umask,
                        req.commands().keepNewer(), req.commands().excludes()));
                if (v.error() != null) {
                    return abort(b.failed(v.error()), work, kept);
                }
                files = zipFiles(out.getOrDefault("names", ""));
                unarchived = v.unarchived();
                entries = zip.entries();
                newer = v.newer();
                prepared = v.diff();
            } else {
                entries = ArchiveGuard.parseTarListing(out.getOrDefault("listing", ""));
                files = tarFiles(entries);
                unarchived = out.getOrDefault("tardiff", "").isBlank();
            }
            if (!unarchived) {
                Optional<String> refusal = ArchiveGuard.refusal(entries);
                if (refusal.isPresent()) {
                    return abort(b.failed("Refusing to unpack " + src + " into " + dest + ": "
                            + refusal.get() + "; nothing was extracted"), work, kept);
                }
            }
            ModuleResult.Builder result = b.changed(!unarchived);
            PathState destState = PathState.parse(dest, out.get("deststate"));
            if (kept && !ctx.checkMode()) {
                List<String> cmd = unarchived ? null : h.isZip()
                        ? req.commands().unzip(tools[1], newer)
                        : req.commands().tar(tools[0], "--extract", h, false);
                Outcome o = apply(work, dest, src, cmd, attrPaths(dest, files), wanted, umask);
                if (cmd != null) {
                    Map<String, Object> er = new LinkedHashMap<>();
                    er.put("cmd", ArchiveCommands.resolved(cmd, dest, src));
                    er.put("rc", o.rc());
                    er.put("out", o.out());
                    er.put("err", o.err());
                    result.put("extract_results", er);
                }
                destState = o.destState() != null ? o.destState() : destState;
                if (o.rc() != 0) {
                    return result.putAll(FileDeploy.pathInfo(destState)).changed(false)
                            .failed("failed to unpack " + src + " to " + dest).build();
                }
                if (o.failure() != null) {
                    return result.putAll(FileDeploy.pathInfo(destState))
                            .failed("Unexpected error when accessing exploded file: " + o.failure()).build();
                }
                result.changed(!unarchived || o.attrsChanged());
            }
            if (!prepared.isEmpty()) {
                result.put("diff", Map.of("prepared", prepared));
            }
            if (req.listFiles()) {
                result.put("files", files);
            }
            return result.putAll(FileDeploy.pathInfo(destState)).build();
        }

        /** Ends a run before extraction; a kept temp directory is removed (one more small round trip). */
        private ModuleResult abort(ModuleResult.Builder failure, String work, boolean kept) throws ConnectionException {
            if (kept) {
                ctx.exec("rm -rf " + ShellText.quote(work));
            }
            return failure.build();
        }

        /** What the apply round trip did; {@code failure} is an owner/group/mode error, {@code rc} extraction's. */
        private record Outcome(int rc, String out, String err, boolean attrsChanged, String failure,
                               PathState destState) {
        }

        /** The apply round trip: extraction (when {@code extract} is given), owner/group/mode, cleanup, dest state. */
        private Outcome apply(String work, String dest, String src, List<String> extract, List<String> paths,
                              FileAttrs.Ids ids, int umask) throws ConnectionException {
            RemoteScript s = new RemoteScript();
            s.line(LOCALE)
                    .line("_dvw=" + ShellText.quote(work) + "; _dvd=" + ShellText.quote(dest) + "; _dvs=" + ShellText.quote(src))
                    .line("trap 'rm -rf \"$_dvw\"' EXIT")
                    .line("_dvfail() { " + RemoteScript.sectionCommand("fail") + "; printf '%s\\n' \"$1\"; exit 0; }")
                    .line("_dvx=0");
            if (extract != null) {
                s.line("(cd \"$_dvd\" && " + ArchiveCommands.shell(extract) + ") < /dev/null > \"$_dvw/xo\" 2> \"$_dvw/xe\"; _dvx=$?")
                        .section("xrc").line("echo $_dvx")
                        .section("xout").line("cat \"$_dvw/xo\"; echo")
                        .section("xerr").line("cat \"$_dvw/xe\"; echo");
            }
            byte[] stdin = null;
            if (!paths.isEmpty()) {
                s.line("_dvch=0").line(attrFunction(ids, umask))
                        .line("if [ $_dvx = 0 ]; then while IFS= read -r _p; do _dvattr \"$_p\"; done; fi")
                        .section("attrs").line("echo $_dvch");
                stdin = (String.join("\n", paths) + "\n").getBytes(StandardCharsets.UTF_8);
            }
            s.stat("deststate", "\"$_dvd\"", false, null);
            CommandResult r = ctx.exec(s.text(), stdin);
            Map<String, String> out = s.sections(r.stdout());
            PathState state = out.containsKey("deststate") ? PathState.parse(dest, out.get("deststate")) : null;
            if (extract != null && !out.containsKey("xrc")) {
                return new Outcome(-1, "", r.stderr(), false, null, state);
            }
            int rc = extract == null ? 0 : Integer.parseInt(out.get("xrc").strip());
            String failure = out.containsKey("fail") ? out.get("fail").strip()
                    : state == null ? "could not finish on the target: " + r.stderr().strip() : null;
            return new Outcome(rc, extract == null ? "" : chop(out.get("xout")), extract == null ? "" : chop(out.get("xerr")),
                    out.getOrDefault("attrs", "0").strip().equals("1"), failure, state);
        }

        /**
         * Shell function {@code _dvattr PATH}: Ansible's set_fs_attributes_if_different for one member, setting
         * {@code _dvch=1} when something changed. A symlink's own mode cannot be set on Linux; Ansible then reports a
         * change whenever the wanted mode differs from a link's 0777 without changing anything, and so does this.
         */
        private String attrFunction(FileAttrs.Ids ids, int umask) {
            StringBuilder f = new StringBuilder("_dvattr() {\n  [ -e \"$1\" ] || [ -L \"$1\" ] || return 0\n");
            if (ids.uid() != null) {
                f.append("  [ \"$(stat -c %u \"$1\")\" = ").append(ids.uid()).append(" ] || { _dve=$(chown -h ")
                        .append(ids.uid()).append(" \"$1\" 2>&1) || _dvfail \"chown failed: $_dve\"; _dvch=1; }\n");
            }
            if (ids.gid() != null) {
                f.append("  [ \"$(stat -c %g \"$1\")\" = ").append(ids.gid()).append(" ] || { _dve=$(chgrp -h ")
                        .append(ids.gid()).append(" \"$1\" 2>&1) || _dvfail \"chgrp failed: $_dve\"; _dvch=1; }\n");
            }
            FileMode m = req.attrs().mode();
            if (m != null) {
                boolean linkChanges;
                try {
                    linkChanges = m.resolve(0777, false, umask) != 0777;
                } catch (FileMode.InvalidModeException e) {
                    linkChanges = true;
                }
                f.append("  if [ -L \"$1\" ]; then ").append(linkChanges ? "_dvch=1" : ":")
                        .append("; else _dvb=$(stat -c %a \"$1\")\n");
                if (m.octal() != null) {
                    String oct = Integer.toOctalString(m.octal());
                    f.append("    [ \"$_dvb\" = ").append(oct).append(" ] || { _dve=$(chmod ").append(oct)
                            .append(" \"$1\" 2>&1) || _dvfail \"chmod failed: $_dve\"; _dvch=1; }\n");
                } else {
                    f.append("    _dve=$(chmod ").append(ShellText.quote(m.symbolic()))
                            .append(" \"$1\" 2>&1) || _dvfail \"chmod failed: $_dve\"; ")
                            .append("[ \"$(stat -c %a \"$1\")\" = \"$_dvb\" ] || _dvch=1\n");
                }
                f.append("  fi\n");
            }
            return f.append('}').toString();
        }

        /** Ansible's {@code files_in_archive} for tar: listed names, a leading slash dropped, excludes applied. */
        private List<String> tarFiles(List<ArchiveGuard.Entry> entries) {
            List<String> out = new ArrayList<>();
            for (ArchiveGuard.Entry e : entries) {
                String name = e.name().startsWith("/") ? e.name().substring(1) : e.name();
                if (req.commands().tarExcludes().stream().noneMatch(x -> Fnmatch.matches(name, x))) {
                    out.add(name);
                }
            }
            return out;
        }

        /** For zip: the archive's names, each once per matching include (as Ansible lists them), or minus excludes. */
        private List<String> zipFiles(String names) {
            List<String> out = new ArrayList<>();
            for (String name : names.split("\n")) {
                if (name.isEmpty()) {
                    continue;
                }
                if (!req.commands().includes().isEmpty()) {
                    req.commands().includes().stream().filter(i -> Fnmatch.matches(name, i)).forEach(i -> out.add(name));
                } else if (req.commands().excludes().stream().noneMatch(x -> Fnmatch.matches(name, x))) {
                    out.add(name);
                }
            }
            return out;
        }

        /** Every member's path, then each top-level folder (Ansible applies owner/group/mode to both). */
        private List<String> attrPaths(String dest, List<String> files) {
            if (req.attrs().isEmpty()) {
                return List.of();
            }
            List<String> paths = new ArrayList<>();
            Set<String> tops = new LinkedHashSet<>();
            for (String f : files) {
                paths.add(dest.endsWith("/") ? dest + f : dest + "/" + f);
                if (f.contains("/")) {
                    tops.add(f.substring(0, f.indexOf('/')));
                }
            }
            tops.forEach(t -> paths.add(dest + "/" + t));
            return paths;
        }

        private RemoteScript inspectScript(boolean upload) {
            RemoteScript s = new RemoteScript();
            s.line(LOCALE)
                    .line("_dvw=; _dvkeep=; _dvn=0")
                    .line("trap '[ -n \"$_dvw\" ] && [ -z \"$_dvkeep\" ] && rm -rf \"$_dvw\"' EXIT")
                    .line("_dvfail() { " + RemoteScript.sectionCommand("fail") + "; printf '%s\\n' \"$1\"; exit 0; }")
                    .line("_dvreason() { _dvn=$((_dvn+1)); printf '%sreason%s\\n' \"$_dvm\" \"$_dvn\"; printf '%s' \"$1\"; "
                            + "[ -z \"$2\" ] || cat \"$_dvw/e\"; echo; }");
            if (upload) {
                // Swallow the transfer first, so that an early exit never leaves the sender blocked on a full pipe.
                s.line("_dvw=$(mktemp -d \"${TMPDIR:-/tmp}/drover-unarchive.XXXXXX\") || { _dvw=; cat > /dev/null; "
                        + "_dvfail 'could not create a temporary directory on the target'; }")
                        .line("_dvs=$_dvw/source")
                        .line("cat > \"$_dvs\" || _dvfail \"Source '$_dvs' failed to transfer\"");
            } else if (req.creates() != null) {
                s.line("_dvc=" + ShellText.expandingWord(req.creates()))
                        .line("[ -e \"$_dvc\" ] && { " + RemoteScript.sectionCommand("skip")
                                + "; printf '%s\\n' \"$_dvc\"; exit 0; }");
            }
            s.line("_dvd=" + ShellText.expandingWord(req.dest()))
                    .line("[ -d \"$_dvd\" ] || { " + RemoteScript.sectionCommand("nodest") + "; printf '%s\\n' \"$_dvd\"; exit 0; }");
            if (!upload) {
                s.line("_dvw=$(mktemp -d \"${TMPDIR:-/tmp}/drover-unarchive.XXXXXX\") || { _dvw=; "
                        + "_dvfail 'could not create a temporary directory on the target'; }");
                source(s);
            }
            s.line("[ -r \"$_dvs\" ] || _dvfail \"Source '$_dvs' not readable\"")
                    .line("[ -s \"$_dvs\" ] || _dvfail \"Invalid archive '$_dvs', the file is 0 bytes\"")
                    .section("src").line("printf '%s\\n' \"$_dvs\"")
                    .section("dest").line("printf '%s\\n' \"$_dvd\"")
                    .section("work").line("printf '%s\\n' \"$_dvw\"")
                    .section("ids").line("printf '%s %s %s\\n' \"$(id -u)\" \"$(id -g)\" \"$(umask)\"")
                    .stat("deststate", "\"$_dvd\"", false, null);
            req.attrs().lookups(s);
            detect(s);
            s.line("case $_dvh in")
                    .line("Zip*)");
            zipFacts(s);
            s.line(";;").line("*)");
            tarDiff(s);
            s.line(";;").line("esac")
                    .section("kept").line("[ -z \"$_dvkeep\" ] || echo 1");
            return s;
        }

        /** {@code _dvs} for a remote source: the path, or a download of the URL into the temp directory. */
        private void source(RemoteScript s) {
            String src = req.src();
            s.line("_dvs=" + ShellText.expandingWord(src)).line("if [ ! -e \"$_dvs\" ]; then");
            if (src.contains("://")) {
                String base = src.replaceAll("[?#].*$", "").replaceAll("/+$", "");
                base = base.substring(base.lastIndexOf('/') + 1);
                String url = ShellText.quote(src);
                String fail = "_dvfail \"Failure downloading " + src.replace("\"", "\\\"").replace("$", "\\$")
                        + ", $(cat \"$_dvw/e\")\"";
                s.line("_dvs=$_dvw/" + ShellText.quote(base.isEmpty() || base.contains(":") ? "download" : base))
                        .line("if command -v curl >/dev/null 2>&1; then curl -fsSL " + (req.validateCerts() ? "" : "-k ")
                                + "-o \"$_dvs\" " + url + " 2> \"$_dvw/e\" || " + fail)
                        .line("elif command -v wget >/dev/null 2>&1; then wget -q "
                                + (req.validateCerts() ? "" : "--no-check-certificate ")
                                + "-O \"$_dvs\" " + url + " 2> \"$_dvw/e\" || " + fail)
                        .line("else echo 'neither curl nor wget is installed' > \"$_dvw/e\"; " + fail + "; fi");
            } else {
                s.line("_dvfail \"Source '$_dvs' does not exist\"");
            }
            s.line("fi");
        }

        /** Tries Ansible's handlers in order, collecting its reasons; check mode stops before the tar ones. */
        private void detect(RemoteScript s) {
            s.line("_dvh=; _dvt=")
                    .line("_dvuz=$(command -v unzip 2>/dev/null); _dvzi=$(command -v zipinfo 2>/dev/null)")
                    .line("if [ -z \"$_dvuz\" ] || [ -z \"$_dvzi\" ]; then _dvmiss=; [ -n \"$_dvuz\" ] || _dvmiss=\"'unzip'\"; "
                            + "[ -n \"$_dvzi\" ] || _dvmiss=\"${_dvmiss:+$_dvmiss or }'zipinfo'\"; "
                            + "_dvreason \"Unable to find required $_dvmiss binary in the path.\"; fi")
                    .line("if [ -n \"$_dvuz\" ]; then")
                    .line("  if \"$_dvuz\" -l \"$_dvs\" > /dev/null 2> \"$_dvw/e\"; then")
                    .line("    if [ -n \"$_dvzi\" ]; then _dvh=ZipArchive; "
                            + "elif \"$_dvuz\" -Z 2>/dev/null | grep -qi zipinfo; then _dvh=ZipZArchive; _dvzi=$_dvuz; "
                            + "else \"$_dvuz\" -Z > /dev/null 2> \"$_dvw/e\"; "
                            + "_dvreason 'Command \"unzip -Z\" could not handle archive: ' e; fi")
                    .line("  else _dvreason \"Command \\\"$_dvuz\\\" could not handle archive: \" e; fi")
                    .line("fi");
            if (ctx.checkMode()) {
                s.line("[ -n \"$_dvh\" ] || { " + RemoteScript.sectionCommand("skipcheck") + "; exit 0; }");
            }
            s.line("if [ -z \"$_dvh\" ]; then")
                    .line("  _dvt=$(command -v gtar 2>/dev/null || command -v tar 2>/dev/null)")
                    .line("  if [ -z \"$_dvt\" ]; then _dvreason \"Unable to find required 'gtar' or 'tar' binary in the path\"")
                    .line("  else _dvv=$(\"$_dvt\" --version 2>/dev/null); _dvty=None")
                    .line("    case $_dvv in bsdtar*) _dvty=bsd;; tar*) case $_dvv in *GNU*) _dvty=gnu;; esac;; esac")
                    .line("    if [ \"$_dvty\" != gnu ]; then _dvreason \"Command \\\"$_dvt\\\" detected as tar type $_dvty. "
                            + "GNU tar required.\"; fi")
                    .line("  fi")
                    .line("fi");
            for (Handler h : List.of(Handler.TGZ, Handler.TAR, Handler.TBZ, Handler.TXZ, Handler.TZST)) {
                String list = ArchiveCommands.shell(req.commands().tar("$_dvt", "--list", h, true));
                s.line("if [ -z \"$_dvh\" ] && [ \"$_dvty\" = gnu ]; then")
                        .line("  if (cd \"$_dvd\" && " + list + ") > \"$_dvw/l\" 2> \"$_dvw/e\"; then")
                        .line("    if [ -s \"$_dvw/l\" ]; then _dvh=" + h.className + "; else _dvreason "
                                + "\"Command \\\"$_dvt\\\" found no files in archive. Empty archive files are not supported.\"; fi")
                        .line("  else _dvreason \"Command \\\"$_dvt\\\" could not handle archive: Unable to list files in "
                                + "the archive: \" e; fi")
                        .line("fi");
            }
            s.line("[ -n \"$_dvh\" ] || { " + RemoteScript.sectionCommand("nohandler") + "; exit 0; }")
                    .section("handler").line("printf '%s\\n' \"$_dvh\"")
                    .section("tools").line("printf '%s\\n%s\\n%s\\n' \"$_dvt\" \"$_dvuz\" \"$_dvzi\"");
        }

        /**
         * Per member of {@code zipinfo -T -s}: its 8 fields ({@code I}), what is at its path ({@code S} stat or
         * nothing), whether a same-size regular file has the same content ({@code C}), a symlink's target
         * ({@code K}). Member names given to {@code unzip -p} have unzip's wildcards escaped.
         */
        private void zipFacts(RemoteScript s) {
            s.section("names").line("\"$_dvuz\" -Z1 \"$_dvs\" 2>/dev/null")
                    .line("case $_dvh in ZipZArchive) " + ArchiveCommands.shell(req.commands().zipinfo("$_dvzi", Handler.ZIPZ))
                            + ";; *) " + ArchiveCommands.shell(req.commands().zipinfo("$_dvzi", Handler.ZIP))
                            + ";; esac > \"$_dvw/zi\" 2>/dev/null; _dvzr=$?")
                    .section("ziprc").line("echo $_dvzr")
                    .section("zip")
                    .line("while read -r _a _b _c _d _e _f _g _n; do")
                    .line("  [ -n \"$_n\" ] || continue; case ${#_a} in 7|10) ;; *) continue;; esac; [ ${#_g} = 15 ] || continue")
                    .line("  printf 'I %s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' \"$_a\" \"$_b\" \"$_c\" \"$_d\" \"$_e\" \"$_f\" \"$_g\" \"$_n\"")
                    .line("  _p=$_dvd/$_n; _q=$(printf '%s' \"$_n\" | sed 's/[][*?\\\\]/\\\\&/g')")
                    .line("  if [ -e \"$_p\" ] || [ -L \"$_p\" ]; then printf 'S %s\\n' \"$(stat -c '%f|%u:%g|%h|%s|%y' \"$_p\")\"")
                    .line("    if [ -f \"$_p\" ] && [ ! -L \"$_p\" ] && [ \"$(stat -c %s \"$_p\")\" = \"$_d\" ]; then")
                    .line("      if \"$_dvuz\" -p \"$_dvs\" \"$_q\" < /dev/null 2>/dev/null | cmp -s - \"$_p\"; then echo 'C 1'; else echo 'C 0'; fi")
                    .line("    fi")
                    .line("  fi")
                    .line("  case $_a in l*) printf 'K %s\\n' \"$(\"$_dvuz\" -p \"$_dvs\" \"$_q\" < /dev/null 2>/dev/null)\";; esac")
                    .line("done < \"$_dvw/zi\"");
            if (!ctx.checkMode()) {
                s.line("_dvkeep=1");
            }
        }

        /** {@code tar --diff} with the lines Ansible counts as differences kept; any left means "not unpacked". */
        private void tarDiff(RemoteScript s) {
            s.section("listing").line("cat \"$_dvw/l\"").line("case $_dvh in");
            for (Handler h : List.of(Handler.TGZ, Handler.TAR, Handler.TBZ, Handler.TXZ, Handler.TZST)) {
                s.line(h.className + ") (cd \"$_dvd\" && " + ArchiveCommands.shell(req.commands().tar("$_dvt", "--diff", h, false))
                        + ") > \"$_dvw/do\" 2> \"$_dvw/de\";;");
            }
            String pattern = ": Mod time differs$|: Warning: Cannot stat: No such file or directory$|: Invalid owner|: Invalid group"
                    + (req.attrs().mode() == null ? "|: Mode differs$" : "");
            s.line("esac").line("_dvpat=" + ShellText.quote(pattern))
                    .line("if [ \"$(id -u)\" = 0 ]; then"
                            + (req.attrs().owner() == null ? " _dvpat=\"$_dvpat|: Uid differs\\$\";" : "")
                            + (req.attrs().group() == null ? " _dvpat=\"$_dvpat|: Gid differs\\$\";" : "") + " :; fi")
                    .line("cat \"$_dvw/do\" \"$_dvw/de\" | grep -v -e ': : Warning: Cannot stat: No such file or directory$' "
                            + "| grep -E -e \"$_dvpat\" > \"$_dvw/df\"")
                    .section("tardiff").line("cat \"$_dvw/df\"");
            if (!ctx.checkMode()) {
                s.line(req.attrs().isEmpty() ? "[ ! -s \"$_dvw/df\" ] || _dvkeep=1" : "_dvkeep=1");
            }
        }
    }

    /** Section text written as {@code cat file; echo}: the file's exact content. */
    static String chop(String section) {
        return section.endsWith("\n") ? section.substring(0, section.length() - 1) : section;
    }
}
