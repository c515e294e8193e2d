package io.drover.inventory;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import io.drover.yaml.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The {@code group_vars/} and {@code host_vars/} directories next to an inventory source or a playbook.
 *
 * <p>For a name, the first of {@code NAME}, {@code NAME.yml}, {@code NAME.yaml}, {@code NAME.json} that exists is
 * used; when it is a directory, all its files (recursively, sorted by name, with one of those extensions or none,
 * skipping hidden and {@code ~} files) are loaded and later files override earlier ones. Empty files count as
 * nothing. Results are cached, so asking again for the same group is free.
 */
public final class VarsDirectory {

    private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    private final Path base;
    private final YamlLoader yaml;
    private final Map<String, Map<String, Object>> groupCache = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> hostCache = new ConcurrentHashMap<>();

    /** Variables found under {@code base/group_vars} and {@code base/host_vars}. */
    public VarsDirectory(Path base, YamlLoader yaml) {
        this.base = base;
        this.yaml = yaml;
    }

    public Path base() {
        return base;
    }

    /** Contents of {@code group_vars/<group>}, empty when there is none. */
    public Map<String, Object> groupVars(String group) {
        return groupCache.computeIfAbsent(group, g -> load("group_vars", g));
    }

    /** Contents of {@code host_vars/<host>}, empty when there is none. */
    public Map<String, Object> hostVars(String host) {
        return hostCache.computeIfAbsent(host, h -> load("host_vars", h));
    }

    private Map<String, Object> load(String subdir, String name) {
        // names like "/path/to/chroot" would escape the directory; Ansible skips them too
        if (name.startsWith("/") || name.contains("/..") || name.equals("..")) {
            return Map.of();
        }
        Path dir = base.resolve(subdir);
        if (!Files.isDirectory(dir)) {
            return Map.of();
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Path file : findFiles(dir, name)) {
            YamlLoader.Document doc = yaml.load(file);
            Object data = doc.data();
            if (data == null || (data instanceof Map<?, ?> m && m.isEmpty())) {
                continue;
            }
            if (!(data instanceof Map<?, ?> map)) {
                throw DroverException.parse("failed to combine variables, expected dicts but got a '"
                        + pythonType(data) + "' in " + file, SourceLocation.of(file.toString()));
            }
            map.forEach((k, v) -> merged.put(String.valueOf(k), v));
        }
        return Frozen.map(merged);
    }

    /** The files that make up the variables of {@code name}, in load order. */
    static List<Path> findFiles(Path dir, String name) {
        for (String ext : EXTENSIONS) {
            Path candidate = dir.resolve(name + ext);
            if (Files.isDirectory(candidate)) {
                List<Path> out = new ArrayList<>();
                collectDir(candidate, out);
                return out;
            }
            if (Files.exists(candidate)) {
                return List.of(candidate);
            }
        }
        return List.of();
    }

    private static void collectDir(Path dir, List<Path> out) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw DroverException.runtime("Could not read " + dir + ": " + e.getMessage(), SourceLocation.of(dir.toString()));
        }
        for (Path p : entries) {
            String fileName = p.getFileName().toString();
            if (fileName.startsWith(".") || fileName.endsWith("~")) {
                continue;
            }
            String ext = extension(fileName);
            if (Files.isDirectory(p)) {
                if (ext.isEmpty()) {
                    collectDir(p, out);
                }
            } else if (Files.isRegularFile(p) && EXTENSIONS.contains(ext)) {
                out.add(p);
            }
        }
    }

    /** Python's {@code os.path.splitext} extension: from the last dot, ignoring leading dots. */
    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        int start = 0;
        while (start < fileName.length() && fileName.charAt(start) == '.') {
            start++;
        }
        return dot <= start - 1 || dot < start ? "" : fileName.substring(dot);
    }

    private static String pythonType(Object o) {
        if (o instanceof List<?>) {
            return "list";
        }
        if (o instanceof CharSequence) {
            return "str";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (o instanceof Integer || o instanceof Long || o instanceof java.math.BigInteger) {
            return "int";
        }
        if (o instanceof Double) {
            return "float";
        }
        return o.getClass().getSimpleName();
    }
}
