package io.drover.modules.files;

import io.drover.module.Args;
import io.drover.modules.commands.ShellText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The common file arguments {@code owner}, {@code group} and {@code mode} as a module asked for them. Names are
 * turned into ids on the target during the module's query round trip ({@link #lookups}, {@link #resolve}); then
 * {@link #plan} compares them with a path's current attributes, which gives {@code changed}, Ansible's attribute
 * diff ({@code {before: {owner: 0}, after: {owner: 65534}}}) and the commands to apply.
 */
public record FileAttrs(String owner, String group, FileMode mode) {

    /** Reads owner/group/mode from module arguments. */
    public static FileAttrs of(Args args) {
        return new FileAttrs(blankToNull(args.str("owner")), blankToNull(args.str("group")), FileMode.of(args.raw("mode")));
    }

    public FileAttrs withMode(FileMode m) {
        return new FileAttrs(owner, group, m);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public boolean isEmpty() {
        return owner == null && group == null && mode == null;
    }

    /** Owner and group as ids; a null id means "not asked for"; {@code error} is Ansible's failure message. */
    public record Ids(Long uid, Long gid, String error) {
    }

    /** Adds lookups of non-numeric owner/group names to a query script (sections {@code owner-id}, {@code group-id}). */
    public void lookups(RemoteScript script) {
        if (owner != null && !isNumeric(owner)) {
            script.section("owner-id").line("id -u " + ShellText.quote(owner) + " 2>/dev/null");
        }
        if (group != null && !isNumeric(group)) {
            String g = ShellText.quote(group);
            script.section("group-id").line("{ getent group " + g + " || grep \"^\"" + g + "\":\" /etc/group; } "
                    + "2>/dev/null | head -n 1 | cut -d: -f3");
        }
    }

    /** The ids after the query ran. */
    public Ids resolve(Map<String, String> sections) {
        Long uid = null;
        Long gid = null;
        if (owner != null) {
            String text = isNumeric(owner) ? owner : sections.getOrDefault("owner-id", "").strip();
            if (text.isEmpty()) {
                return new Ids(null, null, "chown failed: failed to look up user " + owner);
            }
            uid = Long.parseLong(text);
        }
        if (group != null) {
            String text = isNumeric(group) ? group : sections.getOrDefault("group-id", "").strip();
            if (text.isEmpty()) {
                return new Ids(null, null, "chgrp failed: failed to look up group " + group);
            }
            gid = Long.parseLong(text);
        }
        return new Ids(uid, gid, null);
    }

    private static boolean isNumeric(String s) {
        return s.matches("\\d+");
    }

    /**
     * What must change on a path whose current attributes are given. {@code before}/{@code after} hold only the
     * attributes that differ, keyed as in Ansible's diff (owner and group as ids, mode as {@code "0644"}).
     */
    public record Change(Long uid, Long gid, Integer mode, Map<String, Object> before, Map<String, Object> after) {
        public boolean any() {
            return uid != null || gid != null || mode != null;
        }

        /** Shell commands applying the change to {@code pathExpr}; {@code noFollow} changes a symlink itself. */
        public String commands(String pathExpr, boolean noFollow) {
            StringBuilder sb = new StringBuilder();
            String h = noFollow ? "-h " : "";
            if (uid != null) {
                sb.append("_dve=$(chown ").append(h).append(uid).append(' ').append(pathExpr)
                        .append(" 2>&1) || _dvfail \"chown failed: $_dve\"\n");
            }
            if (gid != null) {
                sb.append("_dve=$(chgrp ").append(h).append(gid).append(' ').append(pathExpr)
                        .append(" 2>&1) || _dvfail \"chgrp failed: $_dve\"\n");
            }
            if (mode != null && !noFollow) {
                sb.append("_dve=$(chmod ").append(Integer.toOctalString(mode)).append(' ').append(pathExpr)
                        .append(" 2>&1) || _dvfail \"chmod failed: $_dve\"\n");
            }
            return sb.toString();
        }
    }

    /**
     * Compares with current attributes.
     *
     * @param isDirectory for symbolic {@code X}
     * @throws FileMode.InvalidModeException when the mode cannot be read
     */
    public Change plan(Ids ids, long currentUid, long currentGid, int currentMode, boolean isDirectory, int umask)
            throws FileMode.InvalidModeException {
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        Long uid = null;
        Long gid = null;
        Integer m = null;
        if (ids.uid() != null && ids.uid() != currentUid) {
            uid = ids.uid();
            before.put("owner", currentUid);
            after.put("owner", uid);
        }
        if (ids.gid() != null && ids.gid() != currentGid) {
            gid = ids.gid();
            before.put("group", currentGid);
            after.put("group", gid);
        }
        if (mode != null) {
            int wanted = mode.resolve(currentMode, isDirectory, umask);
            if (wanted != (currentMode & 07777)) {
                m = wanted;
                before.put("mode", FileMode.display(currentMode & 07777));
                after.put("mode", FileMode.display(wanted));
            }
        }
        return new Change(uid, gid, m, before, after);
    }

    /** Checks a mode's syntax early (before anything is written), against a plain file's bits. */
    public void checkMode() throws FileMode.InvalidModeException {
        if (mode != null) {
            mode.resolve(0644, false, 022);
        }
    }
}
