package io.drover.modules.net;

import java.util.List;

/**
 * Finding a file's digest in a checksum file ({@code sha256sum} output and the like), by the rules of Ansible's
 * get_url: a file holding one word is that digest; otherwise each line is {@code DIGEST<space>NAME}, where a
 * second space or a {@code *} (binary mode) before the name is dropped and leading {@code .} and {@code /} are
 * ignored, and the first line naming the file wins.
 */
final class ChecksumFile {
    private ChecksumFile() {
    }

    /** The digest for {@code filename} in {@code text}, or null when the file lists none. */
    static String find(String text, String filename) {
        List<String> lines = text.lines().toList();
        if (lines.size() == 1) {
            String[] words = lines.get(0).strip().split("\\s+");
            if (words.length == 1 && !words[0].isEmpty()) {
                return words[0];
            }
        }
        for (String line : lines) {
            int sp = line.indexOf(' ');
            if (sp < 0) {
                continue;
            }
            String name = line.substring(sp + 1);
            if (name.startsWith(" ") || name.startsWith("*")) {
                name = name.substring(1);
            }
            if (name.replaceFirst("^[./]+", "").equals(filename)) {
                return line.substring(0, sp);
            }
        }
        return null;
    }

    /** Python's {@code os.path.basename(urlsplit(url).path)}, {@code index.html} when empty. */
    static String urlFilename(String url) {
        String u = url;
        int hash = u.indexOf('#');
        if (hash >= 0) {
            u = u.substring(0, hash);
        }
        int query = u.indexOf('?');
        if (query >= 0) {
            u = u.substring(0, query);
        }
        int scheme = u.indexOf("://");
        String path = u;
        if (scheme >= 0) {
            String rest = u.substring(scheme + 3);
            int slash = rest.indexOf('/');
            path = slash < 0 ? "" : rest.substring(slash);
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? "index.html" : name;
    }
}
