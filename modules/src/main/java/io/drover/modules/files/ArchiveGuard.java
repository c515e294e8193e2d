package io.drover.modules.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drover's refusal of archive members that would be written outside the extraction directory. Ansible 2.14 leaves
 * this to tar and unzip (which strip a leading {@code /} and {@code ../} but follow a symlink the same archive
 * created, e.g. {@code evil -> /etc} then {@code evil/passwd}); Drover checks the whole member list before anything
 * is extracted and refuses the archive when any member
 * <ul>
 *   <li>has an absolute name or a {@code ..} component,</li>
 *   <li>is a symlink whose target is absolute or, resolved from the link's directory through the archive's own
 *       symlinks, climbs above the extraction root,</li>
 *   <li>is a hard link whose target is absolute, has {@code ..}, or resolves outside through the archive's symlinks,</li>
 *   <li>has a name that passes through one of the archive's symlinks which itself leads outside.</li>
 * </ul>
 * Symlinks already present in dest are not examined: they are the host owner's, not the archive's.
 */
final class ArchiveGuard {

    /** Symlink hops followed before a chain is treated as a loop (Linux's MAXSYMLINKS). */
    private static final int MAX_HOPS = 40;

    /** One archive member: name as stored, {@code type} {@code l} symlink, {@code h} hard link, else anything. */
    record Entry(String name, char type, String linkTarget) {
    }

    private ArchiveGuard() {
    }

    /** Why the archive must not be extracted, or empty when every member stays inside. */
    static Optional<String> refusal(List<Entry> entries) {
        Map<String, String> links = new HashMap<>();
        for (Entry e : entries) {
            if (e.type() == 'l' && e.linkTarget() != null) {
                links.put(normalize(e.name()), e.linkTarget());
            }
        }
        for (Entry e : entries) {
            String name = e.name();
            if (name.startsWith("/")) {
                return Optional.of("member '" + name + "' has an absolute path");
            }
            if (components(name).contains("..")) {
                return Optional.of("member '" + name + "' has a '..' path component");
            }
            List<String> parts = components(name);
            // Every directory the member is written through must stay inside (a symlink of the archive may be one).
            if (!parts.isEmpty() && escapes(List.of(), parts.subList(0, parts.size() - 1), links)) {
                return Optional.of("member '" + name + "' is written through a symlink that leads outside dest");
            }
            if (e.type() == 'l') {
                String target = e.linkTarget() == null ? "" : e.linkTarget();
                if (target.startsWith("/") || escapes(parts.isEmpty() ? List.of() : parts.subList(0, parts.size() - 1),
                        components(target), links)) {
                    return Optional.of("symlink '" + name + "' points outside dest (-> " + target + ")");
                }
            } else if (e.type() == 'h') {
                String target = e.linkTarget() == null ? "" : e.linkTarget();
                if (target.startsWith("/") || components(target).contains("..")
                        || escapes(List.of(), components(target), links)) {
                    return Optional.of("hard link '" + name + "' points outside dest (=> " + target + ")");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether walking {@code path} from directory {@code from} (both relative to the root) leaves the root,
     * substituting the archive's symlinks as they are met.
     */
    private static boolean escapes(List<String> from, List<String> path, Map<String, String> links) {
        Deque<String> resolved = new ArrayDeque<>(from);
        Deque<String> todo = new ArrayDeque<>(path);
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (resolved.isEmpty()) {
                    return true;
                }
                resolved.pollLast();
                continue;
            }
            resolved.addLast(c);
            String target = links.get(String.join("/", resolved));
            if (target != null) {
                if (++hops > MAX_HOPS || target.startsWith("/")) {
                    return true;
                }
                resolved.pollLast();
                List<String> t = components(target);
                for (int i = t.size() - 1; i >= 0; i--) {
                    todo.addFirst(t.get(i));
                }
            }
        }
        return false;
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                out.add(c);
            }
        }
        return out;
    }

    private static String normalize(String name) {
        return String.join("/", components(name));
    }

    /**
     * Members from GNU tar's {@code --list --verbose --quoting-style=c} output: {@code MODE OWNER SIZE DATE TIME "name"}
     * then {@code -> "target"} for a symlink or {@code link to "target"} for a hard link.
     */
    static List<Entry> parseTarListing(String listing) {
        List<Entry> out = new ArrayList<>();
        for (String line : listing.split("\n")) {
            int q = line.indexOf('"');
            if (line.isEmpty() || q < 0) {
                continue;
            }
            int[] end = new int[1];
            String name = cString(line, q, end);
            String rest = line.substring(end[0]);
            String target = null;
            int t = rest.indexOf('"');
            if (t >= 0 && (rest.startsWith(" -> ") || rest.startsWith(" link to "))) {
                target = cString(rest, t, new int[1]);
            }
            char type = line.charAt(0);
            out.add(new Entry(name, type == 'h' || rest.startsWith(" link to ") ? 'h' : type, target));
        }
        return out;
    }

    /** Decodes the C-quoted string starting at {@code text[at] == '"'}; {@code end[0]} is set past its closing quote. */
    static String cString(String text, int at, int[] end) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int i = at + 1;
        while (i < text.length() && text.charAt(i) != '"') {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                i++;
                continue;
            }
            char n = text.charAt(i + 1);
            if (n >= '0' && n <= '7') {
                int j = i + 1;
                int v = 0;
                while (j < text.length() && j < i + 4 && text.charAt(j) >= '0' && text.charAt(j) <= '7') {
                    v = v * 8 + (text.charAt(j) - '0');
                    j++;
                }
                b.write(v);
                i = j;
                continue;
            }
            int esc = Arrays.asList('a', 'b', 'f', 'n', 'r', 't', 'v').indexOf(n);
            b.write(esc >= 0 ? "\u0007\b\f\n\r\t\u000b".charAt(esc) : n);
            i += 2;
        }
        end[0] = Math.min(i + 1, text.length());
        return b.toString(StandardCharsets.UTF_8);
    }
}
