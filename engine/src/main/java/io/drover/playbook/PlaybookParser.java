package io.drover.playbook;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import io.drover.vault.Vault;
import io.drover.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a playbook file into the model, inlining {@code import_playbook}s, and rejects what ansible-playbook
 * rejects before running anything (unknown keywords, two actions in a task, malformed lists, ...), with the same
 * messages and the file, line and column of the offending play, block or task.
 *
 * <p>Problems are collected: every broken play and task of the playbook is reported in one
 * {@link DroverException} (see {@link DroverException#problems()}). Module names are kept as written; whether a
 * module exists is checked by the executor (see {@link #allTasks(Play)}).
 */
public final class PlaybookParser {

    private static final List<String> IMPORT_KEYS =
            List.of("import_playbook", "ansible.builtin.import_playbook", "ansible.legacy.import_playbook");

    private final Consumer<String> warnings;
    private final List<Path> rolesPath;
    private final Vault vault;

    /** @param warnings receives non-fatal findings (duplicate YAML keys, ...) as one line each */
    public PlaybookParser(Consumer<String> warnings) {
        this(warnings, List.of());
    }

    /** @param rolesPath ansible.cfg roles_path entries, searched after {@code roles/} beside the playbook */
    public PlaybookParser(Consumer<String> warnings, List<Path> rolesPath) {
        this(warnings, rolesPath, new Vault(null));
    }

    /** @param vault decrypts vaulted playbooks, task files and role vars, and inline {@code !vault} values */
    public PlaybookParser(Consumer<String> warnings, List<Path> rolesPath, Vault vault) {
        this.warnings = warnings;
        this.rolesPath = List.copyOf(rolesPath);
        this.vault = vault;
    }

    private YamlLoader yaml() {
        return new YamlLoader(warnings, vault);
    }

    /**
     * Parses {@code playbookFile} and every playbook it imports.
     *
     * @throws DroverException RUNTIME when the file is missing, PARSE (possibly several problems) when it is
     *                         not a valid playbook
     */
    public Playbook parse(Path playbookFile) {
        if (!Files.exists(playbookFile)) {
            throw DroverException.runtime("the playbook: " + playbookFile + " could not be found",
                    SourceLocation.UNKNOWN);
        }
        if (!Files.isRegularFile(playbookFile)) {
            throw DroverException.runtime("the playbook: " + playbookFile + " does not appear to be a file",
                    SourceLocation.UNKNOWN);
        }
        List<DroverException> problems = new ArrayList<>();
        Deque<Path> chain = new ArrayDeque<>();
        Path file = playbookFile.toAbsolutePath().normalize();
        chain.push(file);
        List<Play> plays = loadPlays(yaml().load(file), chain, problems);
        if (!problems.isEmpty()) {
            throw DroverException.all(problems);
        }
        return new Playbook(playbookFile, plays, rolesPath);
    }

    /**
     * Parses a task file named by {@code include_tasks} at run time: its tasks and blocks, static imports expanded.
     *
     * @param playbookDir the playbook's directory (role lookups for import_role inside the file)
     */
    public List<TaskNode> parseTaskFile(Path file, Path playbookDir) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw DroverException.runtime("Could not find or access '" + file + "' on the Ansible Controller.",
                    SourceLocation.UNKNOWN);
        }
        List<DroverException> problems = new ArrayList<>();
        YamlLoader yaml = yaml();
        YamlLoader.Document doc = yaml.load(abs);
        StaticImports imports = new StaticImports(yaml, playbookDir, rolesPath, problems);
        Object data = doc.data();
        List<TaskNode> nodes = data == null ? List.of()
                : new TaskParser(doc, problems, imports, abs.getParent()).taskList(data, "tasks from " + abs,
                        doc.locationOf(data), false);
        if (!problems.isEmpty()) {
            throw DroverException.all(problems);
        }
        return nodes;
    }

    /**
     * A role loaded at run time by {@code include_role}: its blocks (meta dependencies first, then the role's own
     * tasks in a block carrying the {@link Role}) and its handlers, named {@code role : handler}.
     */
    public record LoadedRole(List<TaskNode> blocks, List<Task> handlers, Role role) {
    }

    /**
     * Loads a role as {@code include_role} does when a host reaches it: found by the same search as static roles,
     * duplicates allowed, {@code *_from} naming other files of the role. Its meta dependencies run once per play:
     * {@code dependenciesSeen} remembers them across the play's include_role tasks.
     *
     * @throws DroverException PARSE when the role or one of its files is missing or invalid
     */
    public LoadedRole loadRole(String name, String tasksFrom, String varsFrom, String defaultsFrom,
                               String handlersFrom, Path playbookDir, SourceLocation where,
                               Set<String> dependenciesSeen) {
        List<DroverException> problems = new ArrayList<>();
        StaticImports imports = new StaticImports(yaml(), playbookDir, rolesPath, problems,
                dependenciesSeen);
        List<TaskNode> blocks = imports.includeRole(name, tasksFrom, varsFrom, defaultsFrom, handlersFrom, where);
        if (!problems.isEmpty()) {
            throw DroverException.all(problems);
        }
        Role role = blocks.isEmpty() || !(blocks.get(blocks.size() - 1) instanceof Block b) ? null : b.role();
        return new LoadedRole(blocks, imports.takeRoleHandlers(), role);
    }

    /** Every task of the play, blocks flattened (block, rescue, always), pre_tasks to post_tasks, then handlers. */
    public static List<Task> allTasks(Play play) {
        List<Task> out = new ArrayList<>();
        for (List<TaskNode> section : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
            collect(section, out);
        }
        out.addAll(play.handlers());
        return out;
    }

    private static void collect(List<TaskNode> nodes, List<Task> out) {
        for (TaskNode node : nodes) {
            if (node instanceof Task t) {
                out.add(t);
            } else if (node instanceof Block b) {
                collect(b.block(), out);
                collect(b.rescue(), out);
                collect(b.always(), out);
            }
        }
    }

    /** The plays of one loaded file, imports inlined; {@code chain} holds the files being imported (cycle guard). */
    private List<Play> loadPlays(YamlLoader.Document doc, Deque<Path> chain, List<DroverException> problems) {
        Object data = doc.data();
        SourceLocation fileLoc = doc.locationOf(data);
        if (data == null) {
            problems.add(DroverException.parse("Empty playbook, nothing to do: " + doc.file(), fileLoc));
            return List.of();
        }
        if (!(data instanceof List<?> entries)) {
            problems.add(DroverException.parse("A playbook must be a list of plays, got a "
                    + Values.pythonType(data) + " instead: " + doc.file(), fileLoc));
            return List.of();
        }
        if (entries.isEmpty()) {
            problems.add(DroverException.parse("A playbook must contain at least one play: " + doc.file(), fileLoc));
            return List.of();
        }
        Path dir = Path.of(doc.file()).toAbsolutePath().getParent();
        StaticImports imports = new StaticImports(yaml(), dir, rolesPath, problems);
        TaskParser tasks = new TaskParser(doc, problems, imports, dir);
        List<Play> plays = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map)) {
                problems.add(DroverException.parse("playbook entries must be either valid plays or "
                        + "'import_playbook' statements", fileLoc));
                continue;
            }
            try {
                if (IMPORT_KEYS.stream().anyMatch(map::containsKey)) {
                    plays.addAll(importPlaybook(map, tasks, chain, problems));
                } else {
                    plays.add(play(map, tasks, imports));
                }
            } catch (DroverException e) {
                problems.add(e);
            }
        }
        return plays;
    }

    private Play play(Map<?, ?> raw, TaskParser tasks, StaticImports imports) {
        Map<String, Object> ds = ActionParser.textKeys(raw);
        SourceLocation loc = tasks.locationOf(raw);
        if (ds.containsKey("user")) {
            // the pre-2.0 spelling of remote_user, still accepted by Ansible
            if (ds.containsKey("remote_user")) {
                throw DroverException.parse("both 'user' and 'remote_user' are set for this play. The use of "
                        + "'user' is deprecated, and should be removed", loc);
            }
            ds.put("remote_user", ds.remove("user"));
        }
        for (String key : ds.keySet()) {
            if (!KeywordNames.PLAY.contains(key)) {
                throw DroverException.parse("'" + key + "' is not a valid attribute for a Play", loc);
            }
        }
        List<String> hosts = hosts(ds, loc);
        imports.startPlay();
        List<TaskNode> roleBlocks = imports.roles(ds.get("roles"), ds.get("roles") instanceof List<?> rl
                ? tasks.locationOf(rl) : loc);
        List<TaskNode> preTasks = tasks.taskList(ds.get("pre_tasks"), "pre_tasks", loc, false);
        // roles run between pre_tasks and tasks, in the same handler flush section as tasks
        List<TaskNode> mainTasks = new ArrayList<>(roleBlocks);
        mainTasks.addAll(tasks.taskList(ds.get("tasks"), "tasks", loc, false));
        List<TaskNode> postTasks = tasks.taskList(ds.get("post_tasks"), "post_tasks", loc, false);
        List<Task> handlers = new ArrayList<>(imports.takeRoleHandlers());
        handlers.addAll(tasks.handlers(ds.get("handlers"), loc));

        Map<String, Object> keywordValues = new LinkedHashMap<>(TaskParser.keywords(ds, KeywordNames.PLAY_EXTRAS).values());
        if (ds.containsKey("vars_prompt")) {
            keywordValues.put("vars_prompt", varsPrompt(ds.get("vars_prompt"), loc, tasks));
        }
        return new Play(
                Values.text(ds.get("name")),
                hosts,
                loc,
                ds.get("gather_facts"),
                tasks.vars(ds, "Play", loc),
                asList(ds.get("vars_files")),
                preTasks,
                mainTasks,
                postTasks,
                handlers,
                asList(ds.get("serial")),
                Values.text(ds.get("strategy")),
                ds.get("max_fail_percentage"),
                forceHandlers(ds.get("force_handlers"), loc),
                tasks.tags(ds, loc),
                new Keywords(keywordValues));
    }

    private static List<String> hosts(Map<String, Object> ds, SourceLocation loc) {
        if (!ds.containsKey("hosts")) {
            throw DroverException.parse("the field 'hosts' is required but was not set", loc);
        }
        Object value = ds.get("hosts");
        if (value == null || (value instanceof CharSequence cs && cs.isEmpty())
                || (value instanceof List<?> l && l.isEmpty())) {
            throw DroverException.parse("Hosts list cannot be empty. Please check your playbook", loc);
        }
        if (value instanceof CharSequence cs) {
            return List.of(cs.toString());
        }
        if (!(value instanceof List<?> list)) {
            throw DroverException.parse("Hosts list must be a sequence or string. Please check your playbook.", loc);
        }
        List<String> hosts = new ArrayList<>(list.size());
        for (Object entry : list) {
            if (entry == null) {
                throw DroverException.parse("Hosts list cannot contain values of 'None'. Please check your playbook",
                        loc);
            }
            if (!(entry instanceof CharSequence cs)) {
                throw DroverException.parse("Hosts list contains an invalid host value: '"
                        + ActionParser.keyText(entry) + "'", loc);
            }
            hosts.add(cs.toString());
        }
        return hosts;
    }

    private static List<Map<String, Object>> varsPrompt(Object value, SourceLocation playLoc, TaskParser tasks) {
        if (value == null) {
            return List.of();
        }
        List<?> entries = value instanceof List<?> l ? l : List.of(value);
        SourceLocation where = value instanceof Map<?, ?> || value instanceof List<?> ? tasks.locationOf(value) : playLoc;
        List<Map<String, Object>> prompts = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map)) {
                throw DroverException.parse("variable files must contain either a dictionary of variables, or a "
                        + "list of dictionaries. Got: " + entry + " (" + Values.pythonType(entry) + ")", where);
            }
            Map<String, Object> prompt = ActionParser.textKeys(map);
            if (!prompt.containsKey("name")) {
                throw DroverException.parse("Invalid vars_prompt data structure, missing 'name' key", where);
            }
            for (String key : prompt.keySet()) {
                if (!KeywordNames.VARS_PROMPT.contains(key)) {
                    throw DroverException.parse("Invalid vars_prompt data structure, found unsupported key '"
                            + key + "'", where);
                }
            }
            prompts.add(prompt);
        }
        return prompts;
    }

    private static boolean forceHandlers(Object value, SourceLocation loc) {
        if (value == null) {
            return false;
        }
        Boolean b = Values.bool(value);
        if (b == null) {
            throw DroverException.parse("the field 'force_handlers' has an invalid value (" + value
                    + "), and could not be converted to a bool.", loc);
        }
        return b;
    }

    /** A field of list type: null = empty, a list as is, anything else = a one-element list. */
    private static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of(value);
    }

    // ---- import_playbook -------------------------------------------------------------------------------------

    private List<Play> importPlaybook(Map<?, ?> raw, TaskParser tasks, Deque<Path> chain,
            List<DroverException> problems) {
        Map<String, Object> ds = ActionParser.textKeys(raw);
        SourceLocation loc = tasks.locationOf(raw);
        for (String key : ds.keySet()) {
            if (!KeywordNames.PLAYBOOK_IMPORT.contains(key)) {
                throw DroverException.parse("'" + key + "' is not a valid attribute for a PlaybookInclude", loc);
            }
        }
        Object target = ds.get(IMPORT_KEYS.stream().filter(ds::containsKey).findFirst().orElseThrow());
        if (target == null) {
            throw DroverException.parse("playbook import parameter is missing", loc);
        }
        if (!(target instanceof CharSequence text)) {
            throw DroverException.parse("playbook import parameter must be a string indicating a file path, got "
                    + Values.pythonType(target) + " instead", loc);
        }
        List<String> words;
        try {
            words = ArgsParser.splitArgs(text.toString());
        } catch (DroverException e) {
            throw DroverException.parse(e.getMessage(), loc);
        }
        if (words.isEmpty() || words.get(0).isBlank()) {
            throw DroverException.parse("import_playbook statements must specify the file name to import", loc);
        }
        String name = words.get(0).strip();
        if (Values.isTemplate(name)) {
            throw DroverException.parse("import_playbook with a templated file name (" + name + ") is not "
                    + "supported yet: write the file name literally", loc);
        }
        Object importVars = ds.get("vars");
        if (importVars != null && !(importVars instanceof Map<?, ?>)) {
            throw DroverException.parse("vars for import_playbook statements must be specified as a dictionary", loc);
        }
        Map<String, Object> vars = tasks.vars(ds, "PlaybookInclude", loc);
        List<Object> when = Values.conditions(ds.get("when"));
        List<String> tags = new ArrayList<>(tasks.tags(ds, loc));

        Path importer = chain.peek();
        Path file = importer.getParent().resolve(name).normalize();
        if (!Files.isRegularFile(file)) {
            throw DroverException.runtime("Unable to retrieve file contents\nCould not find or access '" + file
                    + "' on the controller.", loc);
        }
        if (chain.contains(file)) {
            throw DroverException.parse("import_playbook loop: " + file + " imports itself (through "
                    + chain.stream().map(Path::toString).toList().reversed() + ")", loc);
        }
        chain.push(file);
        List<Play> plays;
        try {
            plays = loadPlays(yaml().load(file), chain, problems);
        } finally {
            chain.pop();
        }
        List<Play> out = new ArrayList<>(plays.size());
        for (Play play : plays) {
            out.add(applyImport(play, vars, when, tags));
        }
        return out;
    }

    /** What an {@code import_playbook} hands to each imported play: its vars (winning), tags and conditions. */
    private static Play applyImport(Play play, Map<String, Object> importVars, List<Object> when, List<String> tags) {
        Map<String, Object> vars = new LinkedHashMap<>(play.vars());
        vars.putAll(importVars);
        LinkedHashSet<String> allTags = new LinkedHashSet<>(play.tags());
        if (vars.remove("tags") instanceof CharSequence extra) {
            // Ansible's legacy "vars: {tags: a,b}" on the import adds play tags
            for (String t : extra.toString().split(",", -1)) {
                allTags.add(t);
            }
        }
        allTags.addAll(tags);
        Keywords keywords = play.keywords();
        if (!when.isEmpty()) {
            Map<String, Object> kw = new LinkedHashMap<>(keywords.values());
            List<Object> guard = new ArrayList<>(when);
            if (kw.get(KeywordNames.IMPORT_WHEN) instanceof List<?> inner) {
                guard.addAll(inner);
            }
            kw.put(KeywordNames.IMPORT_WHEN, guard);
            keywords = new Keywords(kw);
        }
        return new Play(play.name(), play.hosts(), play.location(), play.gatherFacts(), vars, play.varsFiles(),
                prependWhen(play.preTasks(), when), prependWhen(play.tasks(), when),
                prependWhen(play.postTasks(), when), play.handlers(), play.serial(), play.strategy(),
                play.maxFailPercentage(), play.forceHandlers(), new ArrayList<>(allTags), keywords);
    }

    private static List<TaskNode> prependWhen(List<TaskNode> nodes, List<Object> when) {
        if (when.isEmpty()) {
            return nodes;
        }
        List<TaskNode> out = new ArrayList<>(nodes.size());
        for (TaskNode node : nodes) {
            if (node instanceof Task t) {
                List<Object> w = new ArrayList<>(when);
                w.addAll(t.when());
                out.add(new Task(t.name(), t.action(), t.args(), t.location(), w, t.loop(), t.register(),
                        t.notifies(), t.changedWhen(), t.failedWhen(), t.vars(), t.keywords(), t.tags(), t.listen()));
            } else if (node instanceof Block b) {
                List<Object> w = new ArrayList<>(when);
                w.addAll(b.when());
                out.add(new Block(b.name(), b.block(), b.rescue(), b.always(), b.location(), w, b.vars(),
                        b.keywords(), b.tags()));
            }
        }
        return out;
    }
}
