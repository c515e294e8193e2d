package io.drover.modules.files;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleResult;
import io.drover.modules.commands.ShellText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code copy} with {@code remote_src} and a directory {@code src}: copies a tree that is already on the target,
 * the way ansible-core 2.14's copy module does it, quirks included, because playbooks depend on where files land:
 * <ul>
 *   <li>{@code src/} into an existing dest: the contents are merged into dest;</li>
 *   <li>{@code src/} to a missing dest: dest is created as a copy of src;</li>
 *   <li>{@code src} into an existing dest: the tree lands in {@code dest/<basename>};</li>
 *   <li>{@code src} to a missing dest: dest is created and the tree lands in {@code dest/<basename>}.</li>
 * </ul>
 * Merging compares like Python's {@code filecmp.dircmp}: files of equal type, size and mtime (or equal bytes) are
 * the same; entries whose type differs between the two sides are left alone, as are VCS and cache directories
 * ({@code .git}, {@code __pycache__}, ...); files only in dest stay. Copied files get src's mode; fresh subtrees keep
 * src's modes and times. {@code owner}/{@code group} apply to the whole resulting tree, {@code mode} to its top.
 *
 * <p><b>Round trips:</b> 1 — one script compares and copies (or, in check mode, only compares) and reports the
 * state of the result; 1 more only when {@code mode}/{@code owner}/{@code group} of the top directory must change.
 */
final class RemoteTreeCopy {

    /** Names Python's filecmp.dircmp skips. */
    private static final String IGNORED = "RCS|CVS|tags|.git|.hg|.bzr|_darcs|__pycache__";

    /**
     * One copy.
     *
     * @param src           {@code src} as given (a trailing slash means "the contents")
     * @param dest          {@code dest} as given
     * @param localFollow   follow symlinks in src ({@code local_follow})
     * @param directoryMode mode of directories created for a dest ending in {@code /}; null = umask default
     */
    record Request(String src, String dest, boolean localFollow, boolean force, FileAttrs attrs, Object directoryMode) {
    }

    private RemoteTreeCopy() {
    }

    static ModuleResult run(ModuleContext ctx, Request req) throws ConnectionException {
        // mode: preserve takes src's mode, known only on the target.
        boolean preserve = req.attrs().mode() != null && "preserve".equals(req.attrs().mode().symbolic());
        try {
            (preserve ? req.attrs().withMode(null) : req.attrs()).checkMode();
            new FileAttrs(null, null, FileMode.of(req.directoryMode())).checkMode();
        } catch (FileMode.InvalidModeException e) {
            return ModuleResult.builder().failed(FileMode.INVALID).put("details", e.getMessage()).build();
        }
        RemoteScript q = new RemoteScript();
        script(q, req, ctx.checkMode());
        req.attrs().lookups(q);
        CommandResult r = ctx.exec(q.text());
        Map<String, String> s = q.sections(r.stdout());
        String src = s.containsKey("src") ? s.get("src").strip() : req.src();
        if (s.containsKey("nosrc")) {
            return ModuleResult.failed("Source " + src + " not found");
        }
        if (s.containsKey("unreadable")) {
            return ModuleResult.failed("Source " + src + " not readable");
        }
        if (s.containsKey("wouldcreate")) {
            return ModuleResult.builder().changed(true).msg("dest directory " + s.get("wouldcreate").strip()
                    + " would be created").put("src", src).build();
        }
        if (s.containsKey("exists")) {
            return ModuleResult.builder().changed(false).msg("file already exists").put("src", src)
                    .put("dest", s.get("exists").strip()).build();
        }
        if (s.containsKey("nodir")) {
            return ModuleResult.failed("Destination directory " + s.get("nodir").strip() + " does not exist");
        }
        if (s.containsKey("notwritable")) {
            return ModuleResult.failed("Destination " + s.get("notwritable").strip() + " not writable");
        }
        if (s.containsKey("fail")) {
            return ModuleResult.failed(s.get("fail").strip());
        }
        if (!s.containsKey("done")) {
            return ModuleResult.failed("could not copy " + src + " on the target: "
                    + (r.stderr().isBlank() ? "exit code " + r.exitCode() : r.stderr().strip()));
        }
        boolean changed = s.get("done").strip().equals("1");
        String dest = s.get("dest").strip();
        PathState state = PathState.parse(dest, s.get("state"));
        FileAttrs attrs = req.attrs();
        if (preserve) {
            attrs = attrs.withMode(new FileMode(Integer.parseInt(s.get("srcmode").strip(), 8), null));
        }
        if (state.exists() && !attrs.isEmpty()) {
            FileAttrs.Ids ids = attrs.resolve(s);
            if (ids.error() != null) {
                return ModuleResult.builder().failed(ids.error()).put("path", dest).build();
            }
            int umask = Integer.parseInt(s.getOrDefault("umask", "022").strip(), 8);
            FileAttrs.Change change;
            try {
                change = attrs.plan(ids, state.uid(), state.gid(), state.mode(), state.isDirectory(), umask);
            } catch (FileMode.InvalidModeException e) {
                return ModuleResult.builder().failed(FileMode.INVALID).put("details", e.getMessage()).build();
            }
            if (change.any()) {
                changed = true;
                if (!ctx.checkMode()) {
                    AtomicWriter.Outcome out = AtomicWriter.apply(ctx, List.of(new AtomicWriter.Item(dest,
                            null, state, 0, change, null, false, null, null)));
                    if (out.failed()) {
                        return ModuleResult.builder().putAll(out.extra()).failed(out.failure()).build();
                    }
                    state = out.written().get(0).after();
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dest", dest);
        result.put("src", src);
        result.put("md5sum", null);
        result.put("checksum", null);
        return ModuleResult.builder().changed(changed).putAll(result).putAll(FileDeploy.pathInfo(state)).build();
    }

    /** Python's os.path.basename. */
    static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void script(RemoteScript q, Request req, boolean check) {
        boolean srcSlash = req.src().endsWith("/");
        boolean destSlash = req.dest().endsWith("/");
        String base = ShellText.quote(basename(req.src()));
        String owner = req.attrs().owner() == null ? "" : req.attrs().owner();
        String group = req.attrs().group() == null ? "" : req.attrs().group();
        q.line("_dvS=" + ShellText.expandingWord(req.src()) + "; _dvD=" + ShellText.expandingWord(req.dest()))
                .section("src").line("printf '%s\\n' \"$_dvS\"")
                .line("_dvck=" + (check ? 1 : 0) + "; _dvlf=" + (req.localFollow() ? 1 : 0) + "; _dvchg=0")
                .line("_dvown=" + ShellText.quote(owner) + "; _dvgrp=" + ShellText.quote(group))
                .line("_dvfail() { " + RemoteScript.sectionCommand("fail") + "; printf '%s\\n' \"$1\"; exit 0; }")
                // Python's os.path.dirname and os.path.join(a, b).
                .line("_dvdir() { case $1 in */*) _dvr=${1%/*}; [ -n \"$_dvr\" ] || _dvr=/;; *) _dvr=;; esac; }")
                .line("_dvjoin() { case $1 in */) _dvr=$1$2;; *) _dvr=$1/$2;; esac; }")
                .line("[ -e \"$_dvS\" ] || { " + RemoteScript.sectionCommand("nosrc") + "; exit 0; }")
                .line("[ -r \"$_dvS\" ] || { " + RemoteScript.sectionCommand("unreadable") + "; exit 0; }")
                .section("srcmode").line("stat -L -c %a \"$_dvS\"")
                .section("umask").line("umask");
        q.line(FUNCTIONS.replace("@IGNORED@", IGNORED));
        if (destSlash) {
            String dirCommands = dirCommands(req, owner, group);
            q.line("_dvdn=${_dvD%/}; [ -n \"$_dvdn\" ] || _dvdn=/")
                    .line("if [ ! -e \"$_dvdn\" ]; then")
                    .line("  if [ $_dvck = 1 ]; then " + RemoteScript.sectionCommand("wouldcreate")
                            + "; printf '%s\\n' \"$_dvdn\"; exit 0; fi")
                    .line("  _dvmk() { [ -d \"$1\" ] && return 0; _dvdir \"$1\"; _dvmk \"$_dvr\" || return 1; "
                            + "mkdir \"$1\" || return 1; " + dirCommands + " }")
                    .line("  _dve=$(_dvmk \"$_dvdn\" 2>&1) || _dvfail \"There was an issue creating $_dvdn as "
                            + "requested: $_dve\"")
                    .line("fi");
        }
        q.line("_dvd=$_dvD")
                .line("if [ -d \"$_dvd\" ]; then _dvjoin \"$_dvd\" " + base + "; _dvd=$_dvr; fi")
                .line("if [ -e \"$_dvd\" ]; then")
                .line(req.force() ? "  :" : "  " + RemoteScript.sectionCommand("exists") + "; printf '%s\\n' \"$_dvd\"; exit 0")
                .line("else _dvdir \"$_dvd\"; [ -n \"$_dvr\" ] && [ -e \"$_dvr\" ] || { "
                        + RemoteScript.sectionCommand("nodir") + "; printf '%s\\n' \"$_dvr\"; exit 0; }; fi")
                .line("_dvdir \"$_dvd\"; [ -w \"${_dvr:-.}\" ] || { " + RemoteScript.sectionCommand("notwritable")
                        + "; printf '%s\\n' \"$_dvr\"; exit 0; }");
        if (srcSlash) {
            q.line("if [ -d \"$_dvD\" ]; then _dvsync \"$_dvS\" \"$_dvD\"; _dvchown \"$_dvD\"")
                    .line("elif [ ! -e \"$_dvD\" ]; then _dvchg=1; _dvjoin \"$_dvD\" ''; "
                            + "[ $_dvck = 1 ] || _dvtree \"$_dvS\" \"$_dvr\"; _dvchown \"$_dvD\"; fi");
        } else {
            q.line("_dvjoin \"$_dvD\" " + base + "; _dvt=$_dvr")
                    .line("if [ -d \"$_dvD\" ]; then")
                    .line("  if [ ! -e \"$_dvt\" ]; then _dvchg=1; [ $_dvck = 1 ] || { _dvtree \"$_dvS\" \"$_dvt\"; "
                            + "_dvchown \"$_dvt\"; }; fi")
                    .line("  if [ -e \"$_dvt\" ]; then _dvsync \"$_dvS/\" \"$_dvt\"; _dvchown \"$_dvt\"; fi")
                    .line("elif [ ! -e \"$_dvt\" ]; then")
                    .line("  if [ $_dvck = 1 ]; then _dvchg=1; else")
                    .line("    _dve=$(mkdir -p \"$_dvt\" 2>&1) || _dvfail \"$_dve\"")
                    .line("    _dvsync \"$_dvS/\" \"$_dvt\"; _dvchown \"$_dvt\"; fi")
                    .line("fi");
        }
        q.section("dest").line("printf '%s\\n' \"$_dvd\"")
                .stat("state", "\"$_dvd\"", false, null)
                .section("done").line("echo $_dvchg");
    }

    private static String dirCommands(Request req, String owner, String group) {
        StringBuilder sb = new StringBuilder();
        if (!owner.isEmpty()) {
            sb.append("chown ").append(ShellText.quote(owner)).append(" \"$1\" || return 1; ");
        }
        if (!group.isEmpty()) {
            sb.append("chgrp ").append(ShellText.quote(group)).append(" \"$1\" || return 1; ");
        }
        if (req.directoryMode() != null) {
            FileMode m = FileMode.of(req.directoryMode());
            String text = m.octal() != null ? Integer.toOctalString(m.octal()) : m.symbolic();
            sb.append("chmod ").append(ShellText.quote(text)).append(" \"$1\" || return 1; ");
        }
        return sb.toString();
    }

    /**
     * The copy itself. {@code _dvsync S D} merges S into D as the module's copy_diff_files, copy_left_only and
     * copy_common_dirs do; {@code _dvtree S D} is shutil.copytree (modes and times kept, links followed unless
     * local_follow is off); {@code _dvchown P} is chown_recursive. Every step only looks in check mode.
     */
    private static final String FUNCTIONS = """
            _dvsame() {
              [ "$(stat -L -c '%f %s %y' "$1")" = "$(stat -L -c '%f %s %y' "$2")" ] || cmp -s "$1" "$2"
            }
            _dvattr() {
              [ -n "$_dvown" ] && { chown -h "$_dvown" "$1" || _dvfail "chown failed: $1"; }
              [ -n "$_dvgrp" ] && { chgrp -h "$_dvgrp" "$1" || _dvfail "chgrp failed: $1"; }
              return 0
            }
            _dvfile() {
              cat "$1" > "$2" || _dvfail "failed to copy: $1 to $2"
              [ "$3" = mode ] && chmod "$(stat -L -c %a "$1")" "$2"
              _dvattr "$2"
            }
            _dvtree() {
              if [ $_dvlf = 1 ]; then _dve=$(cp -R -L --preserve=mode,timestamps "$1" "$2" 2>&1)
              else _dve=$(cp -R -P --preserve=mode,timestamps "$1" "$2" 2>&1); fi || _dvfail "$_dve"
            }
            _dvchown() {
              [ -e "$1" ] || [ -L "$1" ] || return 0
              if [ -n "$_dvown" ] && [ -n "$(find "$1" ! -user "$_dvown" -print 2>/dev/null | head -n 1)" ]; then
                _dvchg=1; [ $_dvck = 1 ] || find "$1" ! -user "$_dvown" -exec chown -h "$_dvown" {} + || _dvfail "chown failed: $1"
              fi
              if [ -n "$_dvgrp" ] && [ -n "$(find "$1" ! -group "$_dvgrp" -print 2>/dev/null | head -n 1)" ]; then
                _dvchg=1; [ $_dvck = 1 ] || find "$1" ! -group "$_dvgrp" -exec chgrp -h "$_dvgrp" {} + || _dvfail "chgrp failed: $1"
              fi
            }
            _dvsync() {
              local s d p n sp dp dirs
              s=${1%/}; d=${2%/}; dirs=
              for p in "$s"/* "$s"/.[!.]* "$s"/..?*; do
                [ -e "$p" ] || [ -L "$p" ] || continue
                n=${p##*/}
                case $n in @IGNORED@) continue;; esac
                sp=$s/$n; dp=$d/$n
                if [ -e "$dp" ] || [ -L "$dp" ]; then
                  if [ -d "$sp" ] && [ -d "$dp" ]; then dirs="$dirs$n/"
                  elif [ -f "$sp" ] && [ -f "$dp" ] && ! _dvsame "$sp" "$dp"; then
                    _dvchg=1
                    if [ $_dvck = 1 ]; then :
                    elif [ -L "$sp" ] && [ $_dvlf = 0 ]; then ln -s "$(readlink "$sp")" "$dp" 2>/dev/null || _dvfail "failed to copy: $sp to $dp"
                    else _dvfile "$sp" "$dp" mode; fi
                  fi
                  continue
                fi
                _dvchg=1
                [ $_dvck = 1 ] && continue
                if [ -L "$sp" ] && [ $_dvlf = 0 ]; then ln -s "$(readlink "$sp")" "$dp" || _dvfail "failed to copy: $sp to $dp"
                elif [ -L "$sp" ] && [ -d "$sp" ]; then _dvtree "$sp" "$dp"; _dvchown "$dp"
                elif [ -L "$sp" ] && [ -f "$sp" ]; then _dvfile "$sp" "$dp" keep
                elif [ -f "$sp" ]; then _dvfile "$sp" "$dp" mode
                elif [ -d "$sp" ]; then _dvtree "$sp" "$dp"; _dvchown "$dp"
                fi
              done
              while [ -n "$dirs" ]; do
                n=${dirs%%/*}; dirs=${dirs#*/}
                _dvsync "$s/$n" "$d/$n"
              done
            }
            """;
}
