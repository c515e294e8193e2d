package io.drover.playbook;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import io.drover.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parse-time expansion of what Ansible treats statically: {@code roles:} of a play (with their meta dependencies),
 * {@code import_role} and {@code import_tasks}. Each becomes a {@link Block} in place, so the executor only ever
 * sees tasks and blocks. Role handlers are collected for the play ({@link #takeRoleHandlers()}).
 */
final class StaticImports {

    private static final List<String> MAIN = List.of("main.yml", "main.yaml", "main");

    private final YamlLoader yaml;
    private final Path playbookDir;
    private final List<Path> rolesPath;
    private final List<DroverException> problems;
    private final Map<Path, YamlLoader.Document> loaded = new HashMap<>();
    /** Role inclusions already expanded in the current play: a role with the same params runs once. */
    private final Set<String> seenInPlay;
    private final Set<Path> handlersLoaded = new HashSet<>();
    private final List<Task> roleHandlers = new ArrayList<>();
    private int depth;

    StaticImports(YamlLoader yaml, Path playbookDir, List<Path> rolesPath, List<DroverException> problems) {
        this(yaml, playbookDir, rolesPath, problems, new HashSet<>());
    }

    /** @param seenInPlay role inclusions already expanded in the play, shared across include_role loads */
    StaticImports(YamlLoader yaml, Path playbookDir, List<Path> rolesPath, List<DroverException> problems,
                  Set<String> seenInPlay) {
        this.yaml = yaml;
        this.playbookDir = playbookDir;
        this.rolesPath = rolesPath;
        this.problems = problems;
        this.seenInPlay = seenInPlay;
    }

    /** Starts a new play: role de-duplication and handler collection are per play. */
    void startPlay() {
        seenInPlay.clear();
        handlersLoaded.clear();
        roleHandlers.clear();
    }

    /** Handlers of the roles expanded since {@link #startPlay()}, in role order. */
    List<Task> takeRoleHandlers() {
        List<Task> out = List.copyOf(roleHandlers);
        roleHandlers.clear();
        return out;
    }

    /** A task that is a static import becomes the block of what it imports; any other task stays as it is. */
    TaskNode expand(Task t, Path currentDir) {
        if (KeywordNames.IMPORT_TASKS.contains(t.action())) {
            String file = String.valueOf(t.args().getOrDefault(Task.RAW_PARAMS, t.args().get("file")));
            if (Values.isTemplate(file)) {
                throw DroverException.parse("import_tasks with a templated file name is not supported yet; use "
                        + "include_tasks", t.location());
            }
            Path path = currentDir.resolve(file).normalize();
            if (!Files.isRegularFile(path)) {
                throw DroverException.parse("Could not find or access '" + file + "' (looked in " + currentDir
                        + ")", t.location());
            }
            List<TaskNode> nodes = taskFile(path);
            return new Block(null, nodes, List.of(), List.of(), t.location(), t.when(), t.vars(), t.keywords(),
                    t.tags(), null);
        }
        if (KeywordNames.IMPORT_ROLE.contains(t.action())) {
            Map<String, Object> args = t.args();
            Object name = args.get("name");
            if (name == null) {
                throw DroverException.parse("'name' is a required field for import_role.", t.location());
            }
            boolean allowDuplicates = !"false".equalsIgnoreCase(String.valueOf(args.getOrDefault("allow_duplicates", "true")));
            List<TaskNode> blocks = role(String.valueOf(name), Map.of(), "import_role", t.location(),
                    text(args.get("tasks_from")), text(args.get("vars_from")), text(args.get("defaults_from")),
                    text(args.get("handlers_from")), allowDuplicates);
            return new Block(null, blocks, List.of(), List.of(), t.location(), t.when(), t.vars(), t.keywords(),
                    t.tags(), null);
        }
        return t;
    }

    /** A role named by {@code include_role}: its blocks, dependencies first; handlers via {@link #takeRoleHandlers()}. */
    List<TaskNode> includeRole(String name, String tasksFrom, String varsFrom, String defaultsFrom,
                               String handlersFrom, SourceLocation where) {
        return role(name, Map.of(), "include_role", where, tasksFrom, varsFrom, defaultsFrom, handlersFrom, true);
    }

    /** A play's {@code roles:} list as blocks, dependencies first. */
    List<TaskNode> roles(Object value, SourceLocation where) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw DroverException.parse("A malformed role declaration was encountered.", where);
        }
        List<TaskNode> out = new ArrayList<>();
        for (Object entry : list) {
            out.addAll(roleEntry(entry, where));
        }
        return out;
    }

    /** One entry of {@code roles:} or of a role's meta dependencies. */
    private List<TaskNode> roleEntry(Object entry, SourceLocation where) {
        String name;
        Map<String, Object> keywords = new LinkedHashMap<>();
        Map<String, Object> params = new LinkedHashMap<>();
        List<Object> when = List.of();
        List<String> tags = List.of();
        if (entry instanceof CharSequence cs) {
            name = cs.toString();
        } else if (entry instanceof Map<?, ?> m) {
            Map<String, Object> ds = ActionParser.textKeys(m);
            Object n = ds.containsKey("role") ? ds.get("role") : ds.get("name");
            if (n == null) {
                throw DroverException.parse("role definitions must contain a role name", where);
            }
            name = String.valueOf(n);
            for (Map.Entry<String, Object> e : ds.entrySet()) {
                String k = e.getKey();
                if (k.equals("role") || k.equals("name")) {
                    continue;
                }
                switch (k) {
                    case "when" -> when = Values.conditions(e.getValue());
                    case "tags" -> tags = Values.tags(e.getValue());
                    case "vars" -> {
                        if (e.getValue() instanceof Map<?, ?> v) {
                            params.putAll(ActionParser.textKeys(v));
                        }
                    }
                    default -> {
                        if (Keywords.INHERITED.contains(k)) {
                            keywords.put(k, e.getValue());
                        } else {
                            params.put(k, e.getValue());
                        }
                    }
                }
            }
        } else {
            throw DroverException.parse("A malformed role declaration was encountered.", where);
        }
        // ansible-core keys a role inclusion by its params and its conditions/keywords: the same role listed again with
        // another `when` runs again.
        String identity = params + "|" + when + "|" + tags + "|" + keywords;
        List<TaskNode> blocks = role(name, params, identity, where, null, null, null, null, false);
        if (when.isEmpty() && tags.isEmpty() && keywords.isEmpty()) {
            return blocks;
        }
        return List.of(new Block(null, blocks, List.of(), List.of(), where, when, Map.of(), new Keywords(keywords),
                tags, null));
    }

    /** The role's dependencies then its own tasks, each as a block carrying the role. */
    private List<TaskNode> role(String name, Map<String, Object> params, String identity, SourceLocation where,
                                String tasksFrom,
                                String varsFrom, String defaultsFrom, String handlersFrom, boolean allowDuplicates) {
        Path dir = find(name, where);
        String roleName = dir.getFileName().toString();
        if (depth > 50) {
            throw DroverException.parse("role dependencies of '" + roleName + "' are nested too deeply (a cycle?)", where);
        }
        Map<String, Object> meta = map(dir.resolve("meta"), null, where);
        boolean duplicatesAllowed = allowDuplicates || Boolean.TRUE.equals(Values.bool(meta.get("allow_duplicates")));
        String key = dir + "|" + identity + "|" + tasksFrom;
        if (!seenInPlay.add(key) && !duplicatesAllowed) {
            return List.of();
        }
        List<TaskNode> out = new ArrayList<>();
        depth++;
        try {
            if (meta.get("dependencies") instanceof List<?> deps) {
                for (Object dep : deps) {
                    out.addAll(roleEntry(dep, where));
                }
            }
        } finally {
            depth--;
        }
        Role role = new Role(roleName, dir, map(dir.resolve("defaults"), defaultsFrom, where),
                map(dir.resolve("vars"), varsFrom, where), params);
        Path tasks = file(dir.resolve("tasks"), tasksFrom);
        List<TaskNode> nodes = tasks == null ? List.of() : taskFile(tasks);
        out.add(new Block(null, nodes, List.of(), List.of(), where, List.of(), Map.of(), Keywords.EMPTY, List.of(), role));
        Path handlers = file(dir.resolve("handlers"), handlersFrom);
        if (handlers != null && handlersLoaded.add(handlers)) {
            YamlLoader.Document doc = document(handlers);
            for (Task h : new TaskParser(doc, problems, this, handlers.getParent()).handlers(doc.data(), doc.locationOf(doc.data()))) {
                // ansible-playbook shows role handlers as "role : name" and lets both spellings notify them.
                String shown = h.name() == null ? null : roleName + " : " + h.name();
                List<String> listen = new ArrayList<>(h.listen());
                if (h.name() != null) {
                    listen.add(h.name());
                }
                roleHandlers.add(new Task(shown, h.action(), h.args(), h.location(), h.when(), h.loop(), h.register(),
                        h.notifies(), h.changedWhen(), h.failedWhen(), h.vars(), h.keywords(), h.tags(), listen));
            }
        }
        return out;
    }

    private Path find(String name, SourceLocation where) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(playbookDir.resolve("roles").resolve(name));
        for (Path p : rolesPath) {
            candidates.add(p.resolve(name));
        }
        candidates.add(playbookDir.resolve(name));
        for (Path c : candidates) {
            if (Files.isDirectory(c)) {
                return c.toAbsolutePath().normalize();
            }
        }
        StringBuilder searched = new StringBuilder(playbookDir.resolve("roles").toString());
        rolesPath.forEach(p -> searched.append(':').append(p));
        searched.append(':').append(playbookDir);
        throw DroverException.parse("the role '" + name + "' was not found in " + searched, where);
    }

    /** {@code <dir>/<name>.yml|.yaml|<name>} (main by default), or null. */
    private static Path file(Path dir, String name) {
        List<String> names = name == null ? MAIN : List.of(name, name + ".yml", name + ".yaml");
        for (String n : names) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private Map<String, Object> map(Path dir, String name, SourceLocation where) {
        Path p = file(dir, name);
        if (p == null) {
            return Map.of();
        }
        Object data = document(p).data();
        if (data == null) {
            return Map.of();
        }
        if (!(data instanceof Map<?, ?> m)) {
            throw DroverException.parse("the file " + p + " must contain a dictionary", where);
        }
        return ActionParser.textKeys(m);
    }

    private List<TaskNode> taskFile(Path path) {
        YamlLoader.Document doc = document(path);
        Object data = doc.data();
        if (data == null) {
            return List.of();
        }
        return new TaskParser(doc, problems, this, path.getParent())
                .taskList(data, "tasks from " + path, doc.locationOf(data), false);
    }

    private YamlLoader.Document document(Path path) {
        return loaded.computeIfAbsent(path.toAbsolutePath().normalize(), yaml::load);
    }

    private static String text(Object v) {
        return v == null ? null : String.valueOf(v);
    }
}
