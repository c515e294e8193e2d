package io.drover.modules.files;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * What is at a path on the target, as one {@link PathProbe} answered it: absent, or its type, permission bits,
 * owner and group (ids and names), size, times, link target and, for a readable regular file when asked for, a
 * checksum. Immutable; parsed from the probe's {@code KEY value} lines.
 *
 * @param path       the path as probed (after the target expanded {@code ~} and variables)
 * @param exists     false when nothing is there (with follow: also a dangling link)
 * @param error      why the path could not be examined (e.g. permission denied on a parent), else null
 * @param type       file type; null when absent
 * @param mode       permission bits including setuid/setgid/sticky ({@code S_IMODE})
 * @param linkTarget where a symlink points as written ({@code readlink}), when not following
 * @param linkSource the symlink's fully resolved path ({@code realpath}), when not following
 * @param access     {@code r}, {@code w}, {@code x} letters the connecting (or become) user has
 * @param checksum   hex digest, when asked for and the path is a readable regular file
 */
public record PathState(String path, boolean exists, String error, Type type, int mode, long uid, long gid,
                        String owner, String group, long size, long nlink, long inode, long dev, long blocks,
                        long blockSize, long rdev, double mtime, double atime, double ctime, String linkTarget,
                        String linkSource, String access, String checksum) {

    /** File types as {@code stat} reports them. */
    public enum Type { FILE, DIRECTORY, LINK, FIFO, SOCKET, CHAR, BLOCK }

    private static final DateTimeFormatter STAT_TIME = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendPattern(" xx")
            .toFormatter();

    public static PathState absent(String path) {
        return new PathState(path, false, null, null, 0, 0, 0, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null,
                "", null);
    }

    /**
     * Parses the probe's lines: {@code A} (absent), {@code E msg}, {@code S stat-fields}, {@code L target},
     * {@code R realpath}, {@code P rwx}, {@code C digest}.
     */
    public static PathState parse(String path, String text) {
        Map<Character, String> lines = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                lines.put(line.charAt(0), line.length() > 2 ? line.substring(2) : "");
            }
        }
        if (lines.containsKey('E')) {
            return new PathState(path, false, lines.get('E').strip(), null, 0, 0, 0, null, null, 0, 0, 0, 0, 0, 0, 0,
                    0, 0, 0, null, null, "", null);
        }
        String s = lines.get('S');
        if (s == null) {
            return absent(path);
        }
        // %f|%u|%g|%U|%G|%s|%h|%i|%d|%b|%o|%t|%T|%y|%x|%z
        String[] f = s.split("\\|", -1);
        int raw = Integer.parseInt(f[0].strip(), 16);
        return new PathState(path, true, null, type(raw), raw & 07777, Long.parseLong(f[1]), Long.parseLong(f[2]),
                name(f[3]), name(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
                Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]),
                makedev(Long.parseLong(f[11], 16), Long.parseLong(f[12], 16)),
                epoch(f[13]), epoch(f[14]), epoch(f[15]), lines.get('L'), lines.get('R'),
                lines.getOrDefault('P', ""), blankToNull(lines.get('C')));
    }

    private static Type type(int raw) {
        return switch (raw & 0170000) {
            case 0040000 -> Type.DIRECTORY;
            case 0120000 -> Type.LINK;
            case 0010000 -> Type.FIFO;
            case 0140000 -> Type.SOCKET;
            case 0020000 -> Type.CHAR;
            case 0060000 -> Type.BLOCK;
            default -> Type.FILE;
        };
    }

    /** GNU stat prints UNKNOWN for an id without a name; Ansible then has no name either. */
    private static String name(String s) {
        return s.equals("UNKNOWN") || s.isEmpty() ? null : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Linux's makedev, as Python's st_rdev holds it. */
    static long makedev(long major, long minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }

    /**
     * {@code 2026-11-25 23:49:34.864478677 +0000} → seconds since the epoch as Python's st_mtime holds it
     * ({@code sec + nsec * 1e-9}).
     */
    static double epoch(String text) {
        String t = text.strip();
        if (t.matches("-?\\d+")) {
            return Long.parseLong(t);
        }
        OffsetDateTime odt = OffsetDateTime.parse(t, STAT_TIME);
        return odt.toEpochSecond() + odt.getNano() * 1e-9;
    }

    public boolean isFile() {
        return type == Type.FILE;
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean isLink() {
        return type == Type.LINK;
    }

    public boolean readable() {
        return access.indexOf('r') >= 0;
    }

    public boolean writeable() {
        return access.indexOf('w') >= 0;
    }

    public boolean executable() {
        return access.indexOf('x') >= 0;
    }

    /** Ansible's {@code state} of a path: link, directory, hard (a file with more than one link), file. */
    public String ansibleState() {
        if (!exists) {
            return "absent";
        }
        return switch (type) {
            case LINK -> "link";
            case DIRECTORY -> "directory";
            default -> nlink > 1 ? "hard" : "file";
        };
    }

    /** The name Ansible shows for the owner: the user name, or the uid when it has none. */
    public String ownerName() {
        return owner != null ? owner : Long.toString(uid);
    }

    public String groupName() {
        return group != null ? group : Long.toString(gid);
    }
}
