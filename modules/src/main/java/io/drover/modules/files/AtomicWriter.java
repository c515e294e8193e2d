package io.drover.modules.files;

import io.drover.connection.CommandResult;
import io.drover.connection.ConnectionException;
import io.drover.module.ModuleContext;
import io.drover.modules.commands.ShellText;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies planned file changes in ONE round trip: for each item, new content goes to a temp file created with
 * {@code mktemp} in the destination's own directory (so the final {@code mv} is a rename on one filesystem),
 * gets the old file's mode and ownership and then the requested ones, is validated ({@code validate} with
 * {@code %s}) and only then renamed over the destination; a backup of the old file
 * ({@code dest.PID.YYYY-MM-DD@HH:MM:SS~}, as Ansible names it) is made before all that, as Ansible makes it.
 * Readers see the old file or the new one, never a partial one; when any step fails the destination is untouched and an EXIT trap removes the temp file. Items without content only get their
 * attributes changed. The script ends with the state of every destination, so results need no further round trip.
 *
 * <p>Content travels on standard input: raw for a single file; for several files as base64 blocks that the
 * script stages in one temp file and cuts apart with {@code sed} line ranges (no reader can over-read a pipe).
 */
public final class AtomicWriter {

    /**
     * One destination.
     *
     * @param dest        absolute (or ./-relative) path on the target, already resolved
     * @param content     new bytes, or null to change attributes only
     * @param existing    the destination's current state when it is a file whose mode/ownership the new content
     *                    inherits; null for a new file
     * @param newFileMode bits a new file gets (0666 minus the umask, as Ansible's atomic_move gives it)
     * @param change      requested attribute changes relative to the inherited or current attributes
     * @param validate    command with {@code %s}, run on the temp file; null for none
     * @param backup      keep a copy of the replaced file
     * @param makeDir     directory to create first with its missing parents, or null
     * @param dirCommands shell commands applied to each directory created, with the directory in {@code "$1"}
     * @param remoteSource a file on the target to copy instead of {@code content} ({@code remote_src}), or null
     */
    public record Item(String dest, byte[] content, PathState existing, int newFileMode, FileAttrs.Change change,
                       String validate, boolean backup, String makeDir, String dirCommands, String remoteSource) {
        public Item(String dest, byte[] content, PathState existing, int newFileMode, FileAttrs.Change change,
                    String validate, boolean backup, String makeDir, String dirCommands) {
            this(dest, content, existing, newFileMode, change, validate, backup, makeDir, dirCommands, null);
        }

        boolean writes() {
            return content != null || remoteSource != null;
        }
    }

    /**
     * What happened to one item.
     *
     * @param after      the destination's state afterwards (no checksum)
     * @param backupFile the backup's path, or null
     * @param tempPath   the temp file the content went through, or null
     */
    public record Written(PathState after, String backupFile, String tempPath) {
    }

    /**
     * The outcome: on failure, {@code failure} is Ansible's message and {@code extra} its other keys
     * ({@code exit_status}, {@code stdout}, {@code stderr} of a failed validate); {@code written} holds the items
     * done before it.
     */
    public record Outcome(String failure, Map<String, Object> extra, List<Written> written) {
        public boolean failed() {
            return failure != null;
        }
    }

    private AtomicWriter() {
    }

    /** Runs the items in order in one exec. */
    public static Outcome apply(ModuleContext ctx, List<Item> items) throws ConnectionException {
        RemoteScript script = new RemoteScript();
        byte[] stdin = script(script, items);
        CommandResult r = ctx.exec(script.text(), stdin);
        return parse(script.sections(r.stdout()), r, items.size());
    }

    /** Builds the script into {@code script}; returns what goes to standard input (may be null). */
    static byte[] script(RemoteScript script, List<Item> items) {
        List<Item> withContent = items.stream().filter(i -> i.content() != null).toList();
        boolean staged = withContent.size() > 1;
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        script.line("_dvt=; _dvs=")
                .line("trap '[ -n \"$_dvt\" ] && rm -f \"$_dvt\" \"$_dvt.vo\" \"$_dvt.ve\"; "
                        + "[ -n \"$_dvs\" ] && rm -f \"$_dvs\"' EXIT")
                .line("_dvfail() { " + RemoteScript.sectionCommand("fail") + "; printf '%s\\n' \"$1\"; exit 0; }");
        if (staged) {
            script.line("_dvs=$(mktemp) && cat > \"$_dvs\" || _dvfail 'could not stage the transfer'");
        }
        int line = 1;
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            String d = ShellText.quote(it.dest());
            script.line("_dvd=" + d);
            if (it.makeDir() != null) {
                script.line("_dvmk() { [ -d \"$1\" ] && return 0; _dvmk \"$(dirname \"$1\")\" || return 1; "
                        + "mkdir \"$1\" || return 1; " + (it.dirCommands() == null ? "" : it.dirCommands()) + " }")
                        .line("_dve=$(_dvmk " + ShellText.quote(it.makeDir()) + " 2>&1) || _dvfail "
                                + "\"There was an issue creating " + it.makeDir().replace("\"", "\\\"")
                                + " as requested: $_dve\"");
            }
            if (it.writes()) {
                // First, as Ansible's copy and lineinfile back up before validating: a failed validate keeps the backup.
                if (it.backup()) {
                    script.line(backupCommand("backup" + i));
                }
                script.line("_dvt=$(mktemp \"$(dirname \"$_dvd\")/.drover.XXXXXX\" 2>&1) || "
                        + "{ _dve=$_dvt; _dvt=; _dvfail \"Destination $(dirname \"$_dvd\") not writable: $_dve\"; }");
                script.section("tmp" + i).line("printf '%s\\n' \"$_dvt\"");
                if (it.remoteSource() != null) {
                    String src = ShellText.quote(it.remoteSource());
                    script.line("_dve=$(cp " + src + " \"$_dvt\" 2>&1) || _dvfail \"failed to copy: " + it.remoteSource().replace("\"", "\\\"") + " to $_dvd: $_dve\"")
                            .line("touch -r " + src + " \"$_dvt\" 2>/dev/null");
                } else if (!staged) {
                    script.line("cat > \"$_dvt\" || _dvfail \"failed to copy: $_dvt to $_dvd\"");
                    stdin.writeBytes(it.content());
                } else {
                    byte[] b64 = Base64.getMimeEncoder(76, new byte[]{'\n'}).encode(it.content());
                    int lines = b64.length == 0 ? 0 : countLines(b64) + 1;
                    if (lines == 0) {
                        script.line(": > \"$_dvt\"");
                    } else {
                        script.line("sed -n '" + line + "," + (line + lines - 1) + "p' \"$_dvs\" | base64 -d > \"$_dvt\""
                                + " || _dvfail \"failed to copy: $_dvt to $_dvd\"");
                        stdin.writeBytes(b64);
                        stdin.write('\n');
                        line += lines;
                    }
                }
                PathState ex = it.existing();
                if (ex != null && ex.exists()) {
                    script.line("chmod " + Integer.toOctalString(ex.mode()) + " \"$_dvt\"")
                            .line("chown " + ex.uid() + ":" + ex.gid() + " \"$_dvt\" 2>/dev/null");
                } else {
                    script.line("chmod " + Integer.toOctalString(it.newFileMode()) + " \"$_dvt\"");
                }
                script.line(it.change().commands("\"$_dvt\"", false));
                if (it.validate() != null) {
                    script.line("( " + validateCommand(it.validate()) + " ) > \"$_dvt.vo\" 2> \"$_dvt.ve\"; _dvr=$?")
                            .line("if [ $_dvr != 0 ]; then " + RemoteScript.sectionCommand("vo")
                                    + "; cat \"$_dvt.vo\"; " + RemoteScript.sectionCommand("ve") + "; cat \"$_dvt.ve\"; "
                                    + RemoteScript.sectionCommand("validate") + "; echo $_dvr; exit 0; fi")
                            .line("rm -f \"$_dvt.vo\" \"$_dvt.ve\"");
                }
                script.line("_dve=$(mv -f \"$_dvt\" \"$_dvd\" 2>&1) || _dvfail \"failed to copy: $_dvt to $_dvd: $_dve\"")
                        .line("_dvt=");
            } else {
                script.line(it.change().commands("\"$_dvd\"", false));
            }
            script.stat("stat" + i, "\"$_dvd\"", false, null);
        }
        return withContent.isEmpty() ? null : stdin.toByteArray();
    }

    /**
     * Shell text that copies an existing {@code "$_dvd"} to a backup named as Ansible names it
     * ({@code dest.PID.YYYY-MM-DD@HH:MM:SS~}) and prints its path in section {@code section}; needs {@code _dvfail}.
     */
    public static String backupCommand(String section) {
        return "if [ -e \"$_dvd\" ]; then _dvb=\"$_dvd.$$.$(date '+%Y-%m-%d@%H:%M:%S')~\"; "
                + "_dve=$(cp -p \"$_dvd\" \"$_dvb\" 2>&1) || _dvfail \"Could not make backup of $_dvd to $_dvb: $_dve\"; "
                + RemoteScript.sectionCommand(section) + "; printf '%s\\n' \"$_dvb\"; fi";
    }

    private static int countLines(byte[] b) {
        int n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    /** {@code validate % tmp} as Python formats it: {@code %s} is the temp file (quoted), {@code %%} a percent sign. */
    static String validateCommand(String validate) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < validate.length(); i++) {
            char c = validate.charAt(i);
            if (c == '%' && i + 1 < validate.length()) {
                char n = validate.charAt(i + 1);
                if (n == 's') {
                    sb.append("\"$_dvt\"");
                    i++;
                    continue;
                }
                if (n == '%') {
                    sb.append('%');
                    i++;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static Outcome parse(Map<String, String> sections, CommandResult r, int count) {
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String stat = sections.get("stat" + i);
            if (stat == null) {
                break;
            }
            written.add(new Written(PathState.parse(null, stat), line(sections.get("backup" + i)),
                    line(sections.get("tmp" + i))));
        }
        if (sections.containsKey("validate")) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("exit_status", Long.parseLong(sections.get("validate").strip()));
            extra.put("stdout", sections.getOrDefault("vo", ""));
            extra.put("stderr", sections.getOrDefault("ve", ""));
            return new Outcome("failed to validate", extra, written);
        }
        if (sections.containsKey("fail")) {
            return new Outcome(sections.get("fail").strip(), Map.of(), written);
        }
        if (written.size() < count) {
            String why = r.stderr().isBlank() ? "exit code " + r.exitCode() : r.stderr().strip();
            return new Outcome("failed to write files on the target: " + why, Map.of(), written);
        }
        return new Outcome(null, Map.of(), written);
    }

    private static String line(String s) {
        return s == null ? null : s.strip();
    }
}
