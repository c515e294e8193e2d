package io.drover.modules.files;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Ansible's "is this zip already unpacked" test: each member of the {@code zipinfo -T -s} listing against what is at
 * its path in dest (type, mtime, size, content, permission bits, owner, group), giving {@code changed}, the members
 * that differ and the itemized {@code prepared} diff ({@code >f++++++.?? name} for a missing file,
 * {@code .f..t....??} for an mtime difference, ...). The target's shell gathers the facts per member
 * ({@link #parse}); the comparison happens here.
 *
 * @param members  listing members with what the target found at their paths
 * @param listRc   exit status of zipinfo (non-zero: unpacked = false, as in Ansible)
 */
record ZipCompare(List<Member> members, int listRc) {

    private static final Pattern PERMS = Pattern.compile("([r-][w-][SsTtx-]){3}");
    private static final DateTimeFormatter ZIP_TIME = DateTimeFormatter.ofPattern("yyyyMMdd.HHmmss");
    private static final DateTimeFormatter STAT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS] xx");

    /**
     * One member: the listing's 8 fields; {@code stat} is {@code %f|%u|%g|%s|%y} of the path or null when absent;
     * {@code sameContent} null when not compared; {@code linkTarget} for symlinks.
     */
    record Member(String[] fields, String stat, Boolean sameContent, String linkTarget) {
        String name() {
            return fields[7];
        }

        char ztype() {
            return fields[0].charAt(0);
        }
    }

    /** The verdict: members to (re)extract, members kept because dest is newer, and the itemized diff. */
    record Verdict(boolean unarchived, List<String> newer, String diff, String error) {
    }

    /** What the requested attributes mean for the comparison: wanted ids and the mode argument. */
    record Wanted(long uid, long gid, FileMode mode, int umask, boolean keepNewer, List<String> excludes) {
    }

    /** Reads the target's records: {@code I} fields, then {@code A} or {@code S stat}, {@code C 0|1}, {@code K target}. */
    static ZipCompare parse(String text, int listRc) {
        List<Member> out = new ArrayList<>();
        String[] fields = null;
        String stat = null;
        Boolean same = null;
        String target = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("I ")) {
                if (fields != null) {
                    out.add(new Member(fields, stat, same, target));
                }
                fields = line.substring(2).split("\t", 8);
                stat = null;
                same = null;
                target = null;
            } else if (line.startsWith("S ")) {
                stat = line.substring(2);
            } else if (line.startsWith("C ")) {
                same = line.substring(2).equals("1");
            } else if (line.startsWith("K ")) {
                target = line.substring(2);
            }
        }
        if (fields != null) {
            out.add(new Member(fields, stat, same, target));
        }
        return new ZipCompare(out.stream().filter(m -> m.fields().length == 8).toList(), listRc);
    }

    /** The members as the security check sees them. */
    List<ArchiveGuard.Entry> entries() {
        return members.stream().map(m -> new ArchiveGuard.Entry(m.name(), m.ztype(), m.linkTarget())).toList();
    }

    Verdict compare(Wanted w) {
        boolean unarchived = listRc == 0;
        boolean includes = false;
        List<String> newer = new ArrayList<>();
        StringBuilder diff = new StringBuilder();
        Set<String> excluded = Set.copyOf(w.excludes());
        for (Member m : members) {
            String[] pcs = m.fields();
            String path = m.name();
            if (excluded.contains(path)) {
                continue;
            }
            char ztype = m.ztype();
            char ftype = path.endsWith("/") ? 'd' : ztype == 'l' ? 'L' : 'f';
            String permstr = pcs[0].substring(1);
            int fileUmask = 0;
            if (permstr.length() == 6) {
                permstr = path.endsWith("/") || permstr.equals("rwx---") ? "rwxrwxrwx" : "rw-rw-rw-";
                fileUmask = w.umask();
            }
            if (permstr.length() != 9 || !PERMS.matcher(permstr).lookingAt()) {
                return new Verdict(false, newer, diff.toString(), "ZIP info perm format incorrect, " + permstr);
            }
            if (m.stat() == null) {
                includes = true;
                diff.append('>').append(ftype).append("++++++.?? ").append(path).append('\n');
                continue;
            }
            String[] st = m.stat().split("\\|", 5);
            int raw = Integer.parseInt(st[0], 16);
            int kind = raw & 0170000;
            boolean isDir = kind == 0040000;
            boolean isReg = kind == 0100000;
            boolean isLink = kind == 0120000;
            if (ftype == 'd' && !isDir || ftype == 'f' && !isReg || ftype == 'L' && !isLink) {
                includes = true;
                diff.append('c').append(ftype).append("++++++.?? ").append(path).append('\n');
                continue;
            }
            char[] itemized = ("." + ftype + ".......??").toCharArray();
            boolean change = false;
            if (isReg) {
                OffsetDateTime mtime = OffsetDateTime.parse(st[4], STAT_TIME);
                double stMtime = mtime.toEpochSecond() + mtime.getNano() * 1e-9;
                // The member's local time, in the zone offset the target shows for the file itself.
                double timestamp = LocalDateTime.parse(pcs[6], ZIP_TIME).toEpochSecond(ZoneOffset.from(mtime));
                if (w.keepNewer()) {
                    if (timestamp > stMtime) {
                        change = true;
                        itemized[4] = 't';
                    } else if (timestamp < stMtime) {
                        newer.add(path);
                        continue;
                    }
                } else if (timestamp != stMtime) {
                    change = true;
                    itemized[4] = 't';
                }
                if (Long.parseLong(pcs[3]) != Long.parseLong(st[3])) {
                    change = true;
                    itemized[3] = 's';
                }
                if (!Boolean.TRUE.equals(m.sameContent())) {
                    change = true;
                    itemized[2] = 'c';
                }
            }
            int current = raw & 07777;
            if (ftype != 'L') {
                int mode;
                try {
                    mode = w.mode() != null ? w.mode().resolve(current, isDir, w.umask())
                            : permstrToOctal(permstr, ztype == '?' ? 0 : fileUmask);
                } catch (FileMode.InvalidModeException e) {
                    return new Verdict(false, newer, diff.toString(), e.getMessage());
                }
                if (mode != current) {
                    change = true;
                    itemized[5] = 'p';
                }
            }
            String[] ids = st[1].split(":");
            if (Long.parseLong(ids[0]) != w.uid()) {
                change = true;
                itemized[6] = 'o';
            }
            if (Long.parseLong(ids[1]) != w.gid()) {
                change = true;
                itemized[6] = 'g';
            }
            if (change) {
                includes = true;
                diff.append(itemized).append(' ').append(path).append('\n');
            }
        }
        return new Verdict(unarchived && !includes, newer, diff.toString(), null);
    }

    /** {@code rw-r--r--} → 0644, minus the umask (set-id and sticky letters count as the execute bit, as in Ansible). */
    static int permstrToOctal(String permstr, int umask) {
        int mode = 0;
        for (int i = 0; i < 9; i++) {
            if ("rwxst".indexOf(permstr.charAt(8 - i)) >= 0) {
                mode |= 1 << i;
            }
        }
        return mode & ~umask;
    }
}
