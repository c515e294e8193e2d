package io.drover.modules.files;

import io.drover.modules.commands.ShellText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The tar and unzip command lines Ansible's unarchive handlers run, built once as argument lists so that the shell
 * text sent to the target and the {@code extract_results.cmd} list reported back are the same. Arguments
 * {@link #DEST} and {@link #SRC} stand for the destination and archive paths, which the inspect script knows only as
 * shell variables.
 *
 * @param extraOpts {@code extra_opts}
 * @param excludes  {@code exclude} as given
 * @param includes  {@code include}
 * @param owner     {@code owner} (tar's {@code --owner=}), or null
 * @param group     {@code group}, or null
 * @param keepNewer {@code keep_newer}
 */
record ArchiveCommands(List<String> extraOpts, List<String> excludes, List<String> includes, String owner,
                       String group, boolean keepNewer) {

    static final String DEST = "\u0000dest";
    static final String SRC = "\u0000src";

    /** Ansible's handlers in the order it tries them; {@code flag} is the tar compression option. */
    enum Handler {
        ZIP("ZipArchive", null), ZIPZ("ZipZArchive", null), TGZ("TgzArchive", "-z"), TAR("TarArchive", ""),
        TBZ("TarBzipArchive", "-j"), TXZ("TarXzArchive", "-J"), TZST("TarZstdArchive", "--use-compress-program=zstd");

        final String className;
        final String flag;

        Handler(String className, String flag) {
            this.className = className;
            this.flag = flag;
        }

        boolean isZip() {
            return flag == null;
        }

        static Handler named(String className) {
            for (Handler h : values()) {
                if (h.className.equals(className)) {
                    return h;
                }
            }
            throw new IllegalArgumentException(className);
        }
    }

    /** tar excludes lose a trailing slash (Ansible strips it). */
    List<String> tarExcludes() {
        return excludes.stream().map(e -> e.replaceAll("/+$", "")).toList();
    }

    /**
     * {@code tar ACTION -C DEST [flag] [--show-transformed-names extra_opts] [...] -f SRC [includes]}; {@code listing}
     * adds {@code -v --quoting-style=c --absolute-names} so that member types and link targets can be read
     * unambiguously and as stored.
     */
    List<String> tar(String tarPath, String action, Handler h, boolean listing) {
        List<String> cmd = new ArrayList<>(List.of(tarPath, action));
        if (listing) {
            // --absolute-names shows hard link targets as stored; tar would otherwise print them sanitized.
            cmd.addAll(List.of("-v", "--quoting-style=c", "--absolute-names"));
        }
        cmd.addAll(List.of("-C", DEST));
        if (!h.flag.isEmpty()) {
            cmd.add(h.flag);
        }
        if (!extraOpts.isEmpty()) {
            cmd.add("--show-transformed-names");
            cmd.addAll(extraOpts);
        }
        if (!action.equals("--list")) {
            if (owner != null) {
                cmd.add("--owner=" + ShellText.quote(owner));
            }
            if (group != null) {
                cmd.add("--group=" + ShellText.quote(group));
            }
            if (keepNewer) {
                cmd.add("--keep-newer-files");
            }
        }
        tarExcludes().forEach(e -> cmd.add("--exclude=" + e));
        cmd.addAll(List.of("-f", SRC));
        cmd.addAll(includes);
        return cmd;
    }

    /** {@code zipinfo -T -s SRC [-x excludes] [includes]} (ZipZArchive: {@code unzip -Z ...}). */
    List<String> zipinfo(String zipinfoPath, Handler h) {
        List<String> cmd = new ArrayList<>(List.of(zipinfoPath));
        if (h == Handler.ZIPZ) {
            cmd.add("-Z");
        }
        cmd.addAll(List.of("-T", "-s", SRC));
        if (!excludes.isEmpty()) {
            cmd.add("-x");
            cmd.addAll(excludes);
        }
        cmd.addAll(includes);
        return cmd;
    }

    /** {@code unzip -o [extra_opts] SRC [-x excludes] [includes] -d DEST}; {@code newer} are kept members. */
    List<String> unzip(String unzipPath, List<String> newer) {
        List<String> cmd = new ArrayList<>(List.of(unzipPath, "-o"));
        cmd.addAll(extraOpts);
        cmd.add(SRC);
        List<String> ex = new ArrayList<>(excludes);
        ex.addAll(newer);
        if (!ex.isEmpty()) {
            cmd.add("-x");
            cmd.addAll(ex);
        }
        cmd.addAll(includes);
        cmd.addAll(List.of("-d", DEST));
        return cmd;
    }

    /** Shell text of a command whose DEST/SRC are shell variables. */
    static String shell(List<String> cmd) {
        return render(cmd, a -> a.equals(DEST) ? "\"$_dvd\"" : a.equals(SRC) ? "\"$_dvs\"" : ShellText.quote(a));
    }

    /** The command as reported, with the real paths. */
    static List<String> resolved(List<String> cmd, String dest, String src) {
        return cmd.stream().map(a -> a.equals(DEST) ? dest : a.equals(SRC) ? src : a).toList();
    }

    private static String render(List<String> cmd, UnaryOperator<String> word) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cmd.size(); i++) {
            String a = cmd.get(i);
            // The program is a shell variable while the inspect script is still finding it.
            sb.append(i == 0 && a.startsWith("$") ? "\"" + a + "\"" : word.apply(a)).append(' ');
        }
        return sb.toString().strip();
    }
}
