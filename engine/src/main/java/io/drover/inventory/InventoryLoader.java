package io.drover.inventory;

import io.drover.error.DroverException;
import io.drover.yaml.YamlLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code -i} sources into an {@link Inventory}: comma host lists, INI files, YAML/JSON files and directories
 * of those, merged in order. A source that cannot be parsed produces warnings and is skipped entirely; it is never
 * an error (Ansible continues with whatever parsed, possibly only the implicit localhost).
 *
 * <p>For a file, the formats are tried in Ansible's plugin order: YAML (for {@code .yml/.yaml/.json} or no
 * extension), then INI (any file). Dynamic inventory scripts, inventory plugins and TOML are not supported.
 */
public final class InventoryLoader {

    /** Directory entries skipped when a directory is a source (Ansible's defaults). */
    private static final Pattern IGNORED = Pattern.compile(
            "^\\.|^host_vars$|^group_vars$|^vars_plugins$|"
                    + "(\\.pyc|\\.pyo|\\.swp|\\.bak|~|\\.rpm|\\.md|\\.txt|\\.rst|\\.orig|\\.ini|\\.cfg|\\.retry)$");
    private static final Set<String> YAML_EXTENSIONS = Set.of(".yml", ".yaml", ".json");
    /** Python's {@code \W}/leading digit check on group names. */
    private static final Pattern INVALID_GROUP_CHARS = Pattern.compile("^[\\d\\W]|[^\\w]",
            Pattern.UNICODE_CHARACTER_CLASS);

    private final Consumer<String> warnings;
    private final YamlLoader yaml;
    private String implicitPython = "/usr/bin/python3";

    public InventoryLoader(Consumer<String> warnings) {
        this(warnings, new io.drover.vault.Vault(null));
    }

    /** @param vault decrypts vaulted inventory files, group_vars/host_vars files and inline {@code !vault} values */
    public InventoryLoader(Consumer<String> warnings, io.drover.vault.Vault vault) {
        this.warnings = warnings;
        this.yaml = new YamlLoader(warnings, vault);
    }

    /** The interpreter given to the implicit localhost as {@code ansible_python_interpreter}. */
    public InventoryLoader implicitPythonInterpreter(String path) {
        this.implicitPython = path;
        return this;
    }

    public Inventory load(String... sources) {
        return load(List.of(sources));
    }

    /** Loads the sources in order; later sources add to (and override variables of) earlier ones. */
    public Inventory load(List<String> sources) {
        InventoryData data = new InventoryData();
        boolean parsedAny = false;
        for (String source : sources) {
            if (source == null || source.isEmpty()) {
                continue;
            }
            String src = source.contains(",") ? source : absolute(source);
            InventoryData[] holder = {data};
            if (parseSource(src, holder)) {
                parsedAny = true;
            }
            data = holder[0];
        }
        if (!parsedAny) {
            warnings.accept("No inventory was parsed, only implicit localhost is available");
        }
        data.reconcile();
        warnAboutGroupNames(data);
        return freeze(sources, data);
    }

    private static String absolute(String source) {
        String expanded = source.startsWith("~/") ? System.getProperty("user.home") + source.substring(1) : source;
        return Path.of(expanded).toAbsolutePath().normalize().toString();
    }

    /** Parses one source into {@code holder[0]}, replacing it only on success; returns whether anything parsed. */
    private boolean parseSource(String source, InventoryData[] holder) {
        Path path = source.contains(",") ? null : Path.of(source);
        if (path == null || !Files.exists(path)) {
            if (source.contains(",")) {
                InventoryData work = holder[0].copy();
                work.currentSource = source;
                work.currentDir = null;
                parseHostList(work, source);
                holder[0] = work;
                return true;
            }
            warnings.accept("Unable to parse " + source + " as an inventory source");
            return false;
        }
        if (Files.isDirectory(path)) {
            boolean parsed = false;
            for (String name : list(path)) {
                if (IGNORED.matcher(name).find()) {
                    continue;
                }
                parsed |= parseSource(path.resolve(name).toString(), holder);
            }
            return parsed;
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            warnings.accept("Unable to parse " + source + " as an inventory source");
            return false;
        }
        String ext = VarsDirectory.extension(path.getFileName().toString());
        List<String> failures = new ArrayList<>();
        if (ext.equals(".yml") || ext.equals(".yaml")) {
            failures.add(failure(source, "auto", "no root 'plugin' key found, '" + source
                    + "' is not a valid YAML inventory plugin config file"));
        }
        if (ext.isEmpty() || YAML_EXTENSIONS.contains(ext)) {
            InventoryData work = start(holder[0], path);
            try {
                YamlInventoryParser.parse(work, yaml.load(source, text).data(), warnings);
                holder[0] = work;
                return true;
            } catch (InventoryParseException e) {
                failures.add(failure(source, "yaml", e.getMessage()));
            } catch (DroverException e) {
                failures.add(failure(source, "yaml", e.getMessage()));
            }
        }
        InventoryData work = start(holder[0], path);
        try {
            IniInventoryParser.parse(work, source, text);
            holder[0] = work;
            return true;
        } catch (InventoryParseException e) {
            failures.add(failure(source, "ini", e.getMessage()));
        }
        failures.forEach(warnings);
        warnings.accept("Unable to parse " + source + " as an inventory source");
        return false;
    }

    private static InventoryData start(InventoryData data, Path file) {
        InventoryData work = data.copy();
        work.currentSource = file.toString();
        work.currentDir = file.getParent() == null ? null : file.getParent().toString();
        return work;
    }

    private static String failure(String source, String plugin, String message) {
        return " * Failed to parse " + source + " with " + plugin + " plugin: " + message;
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void parseHostList(InventoryData data, String list) {
        for (String part : list.split(",", -1)) {
            String h = part.strip();
            if (h.isEmpty()) {
                continue;
            }
            HostAddress.Expansion addr = HostAddress.parseAddress(h, false);
            String name = addr == null ? h : addr.names().get(0);
            Integer port = addr == null ? null : addr.port();
            if (!data.hosts.containsKey(name)) {
                data.addHost(name, Group.UNGROUPED, port);
            }
        }
    }

    private void warnAboutGroupNames(InventoryData data) {
        for (String g : data.groups.keySet()) {
            if (INVALID_GROUP_CHARS.matcher(g).find()) {
                warnings.accept("Invalid characters were found in group names but not replaced, use -vvvv to see details");
                return;
            }
        }
    }

    private Inventory freeze(List<String> sources, InventoryData data) {
        Map<String, Integer> depths = data.depths();
        Map<String, Group> groups = new LinkedHashMap<>();
        for (InventoryData.MGroup g : data.groups.values()) {
            groups.put(g.name, new Group(g.name, g.vars, new ArrayList<>(g.children), new ArrayList<>(g.hosts),
                    depths.getOrDefault(g.name, 0), g.priority));
        }
        Map<String, Host> hosts = new LinkedHashMap<>();
        for (InventoryData.MHost h : data.hosts.values()) {
            hosts.put(h.name, new Host(h.name, h.vars, h.inventoryFile, h.inventoryDir, false));
        }
        // each host's groups with all their ancestors, computed once per group rather than per host
        Map<String, Set<String>> closure = new HashMap<>();
        Map<String, List<Group>> hostGroups = new HashMap<>();
        for (InventoryData.MHost h : data.hosts.values()) {
            LinkedHashSet<String> names = new LinkedHashSet<>();
            for (String g : h.groups) {
                names.addAll(closure.computeIfAbsent(g, k -> {
                    Set<String> s = new LinkedHashSet<>(data.ancestors(k));
                    s.add(k);
                    return s;
                }));
            }
            List<Group> list = new ArrayList<>(names.size());
            for (String n : names) {
                list.add(groups.get(n));
            }
            hostGroups.put(h.name, List.copyOf(list));
        }
        List<VarsDirectory> dirs = new ArrayList<>();
        for (String source : sources) {
            if (source == null || source.isEmpty()) {
                continue;
            }
            Path p = Path.of(source.contains(",") ? source : absolute(source));
            if (source.contains(",") && !Files.exists(p)) {
                continue;
            }
            Path base = Files.isDirectory(p) ? p : p.getParent();
            // the same directory twice in a row would only repeat the same values
            if (base != null && (dirs.isEmpty() || !dirs.get(dirs.size() - 1).base().equals(base))) {
                dirs.add(new VarsDirectory(base, yaml));
            }
        }
        return new Inventory(sources, hosts, groups, hostGroups, dirs, warnings, implicitPython);
    }
}
