package io.drover.module;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds a file on the controller the way Ansible's action plugins do ({@code copy: src=}, {@code template: src=}):
 * an absolute or {@code ~} path is taken as it is; a relative one is tried, for each directory of
 * {@code ansible_search_path}, in {@code DIR/<kind>/NAME} then {@code DIR/NAME}, and finally the same two under
 * {@code playbook_dir}. {@code kind} is {@code files} or {@code templates}.
 */
public final class ControllerFiles {

    private ControllerFiles() {
    }

    /**
     * The outcome of one search.
     *
     * @param name     the name as the task gave it
     * @param found    the first existing candidate, or null
     * @param searched every candidate in the order tried (Ansible lists them in its error)
     */
    public record Search(String name, Path found, List<Path> searched) {
        public Search {
            searched = List.copyOf(searched);
        }

        /** Ansible's message when nothing was found. */
        public String notFoundMessage() {
            StringBuilder sb = new StringBuilder("Could not find or access '").append(name).append("'");
            // An absolute or ~ path is not searched for, and Ansible then lists no places.
            if (!searched.isEmpty()) {
                sb.append("\nSearched in:");
                for (Path p : searched) {
                    sb.append("\n\t").append(p);
                }
            }
            return sb.append(" on the Ansible Controller.\n")
                    .append("If you are using a module and expect the file to exist on the remote, see the remote_src option")
                    .toString();
        }
    }

    /** Searches {@code name} with the search path found in {@code vars}. */
    public static Search search(Map<String, Object> vars, String kind, String name) {
        List<Path> searched = new ArrayList<>();
        if (name.startsWith("~") || name.startsWith("/")) {
            Path p = Path.of(name.startsWith("~") ? System.getProperty("user.home") + name.substring(1) : name);
            return new Search(name, Files.exists(p) ? p.normalize() : null, searched);
        }
        boolean kindInName = name.split("/", -1)[0].equals(kind);
        List<Path> roots = new ArrayList<>();
        Object sp = vars.get("ansible_search_path");
        if (sp instanceof List<?> list) {
            for (Object o : list) {
                roots.add(Path.of(String.valueOf(o)));
            }
        }
        Object pd = vars.get("playbook_dir");
        Path base = pd != null ? Path.of(String.valueOf(pd)) : Path.of("").toAbsolutePath();
        roots.add(base);
        for (Path root : roots) {
            if (!kindInName) {
                searched.add(root.resolve(kind).resolve(name));
            }
            searched.add(root.resolve(name));
        }
        for (Path p : searched) {
            if (Files.exists(p)) {
                return new Search(name, p, searched);
            }
        }
        return new Search(name, null, searched);
    }
}
