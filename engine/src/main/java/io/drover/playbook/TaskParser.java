package io.drover.playbook;

import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import io.drover.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link Task}s and {@link Block}s from the task lists of one YAML document. A broken task is recorded in
 * {@code problems} and skipped, so one run reports every broken task of the file, not just the first.
 */
final class TaskParser {

    /** Keys never taken for an action; {@code listen} and {@code static} are rejected later with a clearer message. */
    private static final Set<String> NOT_ACTIONS;

    static {
        Set<String> s = new HashSet<>(KeywordNames.TASK);
        s.addAll(KeywordNames.HANDLER_ONLY);
        s.add("static");
        NOT_ACTIONS = Set.copyOf(s);
    }

    private final YamlLoader.Document doc;
    private final List<DroverException> problems;
    private final StaticImports imports;
    private final java.nio.file.Path dir;

    /**
     * @param imports expands import_tasks/import_role in place (null: leave them as tasks)
     * @param dir     directory relative imports are resolved against (the file's own directory)
     */
    TaskParser(YamlLoader.Document doc, List<DroverException> problems, StaticImports imports, java.nio.file.Path dir) {
        this.doc = doc;
        this.problems = problems;
        this.imports = imports;
        this.dir = dir;
    }

    SourceLocation locationOf(Object container) {
        return doc.locationOf(container);
    }

    /**
     * The entries of a task list ({@code tasks:}, {@code block:}, ...).
     *
     * @param section what is being loaded, for messages ("tasks", "rescue", ...)
     * @param owner   location of the mapping holding the list, for a list that is not one
     */
    List<TaskNode> taskList(Object value, String section, SourceLocation owner, boolean handlers) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> entries)) {
            problems.add(DroverException.parse("A malformed block was encountered while loading " + section + ": "
                    + value + " should be a list or None but is " + Values.pythonType(value), owner));
            return List.of();
        }
        List<TaskNode> nodes = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map)) {
                problems.add(DroverException.parse("A malformed block was encountered while loading " + section
                        + ": each entry must be a task or block (a mapping), got " + Values.pythonType(entry)
                        + " '" + entry + "'", locationOf(entries)));
                continue;
            }
            try {
                if (isBlock(map)) {
                    nodes.add(block(map, handlers));
                } else {
                    Task t = task(map, handlers);
                    nodes.add(imports == null || handlers ? t : imports.expand(t, dir));
                }
            } catch (DroverException e) {
                problems.add(e);
            }
        }
        return nodes;
    }

    /** A play's {@code handlers:}; blocks there only group handlers, so their settings are pushed into them. */
    List<Task> handlers(Object value, SourceLocation owner) {
        List<Task> out = new ArrayList<>();
        for (TaskNode node : taskList(value, "handlers", owner, true)) {
            flattenHandler(node, out);
        }
        return out;
    }

    private void flattenHandler(TaskNode node, List<Task> out) {
        if (node instanceof Task t) {
            out.add(t);
            return;
        }
        Block b = (Block) node;
        if (!b.rescue().isEmpty() || !b.always().isEmpty()) {
            problems.add(DroverException.parse("rescue/always in a block of handlers are not supported yet",
                    b.location()));
        }
        for (TaskNode child : b.block()) {
            List<Task> inner = new ArrayList<>();
            flattenHandler(child, inner);
            for (Task t : inner) {
                List<Object> when = new ArrayList<>(b.when());
                when.addAll(t.when());
                Map<String, Object> vars = new LinkedHashMap<>(b.vars());
                vars.putAll(t.vars());
                List<String> tags = new ArrayList<>(b.tags());
                tags.addAll(t.tags());
                out.add(new Task(t.name(), t.action(), t.args(), t.location(), when, t.loop(), t.register(),
                        t.notifies(), t.changedWhen(), t.failedWhen(), vars,
                        b.keywords().overriddenBy(t.keywords()), tags, t.listen()));
            }
        }
    }

    private static boolean isBlock(Map<?, ?> map) {
        return map.containsKey("block") || map.containsKey("rescue") || map.containsKey("always");
    }

    private Block block(Map<?, ?> raw, boolean handlers) {
        Map<String, Object> ds = ActionParser.textKeys(raw);
        SourceLocation loc = locationOf(raw);
        for (String key : ds.keySet()) {
            if (!KeywordNames.BLOCK.contains(key)) {
                throw DroverException.parse("'" + key + "' is not a valid attribute for a Block", loc);
            }
        }
        if (!ds.containsKey("block")) {
            String orphan = ds.containsKey("rescue") ? "rescue" : "always";
            throw DroverException.parse("'" + orphan + "' keyword cannot be used without 'block'", loc);
        }
        List<TaskNode> block = taskList(ds.get("block"), "a block", loc, handlers);
        List<TaskNode> rescue = taskList(ds.get("rescue"), "rescue", loc, handlers);
        List<TaskNode> always = taskList(ds.get("always"), "always", loc, handlers);
        return new Block(Values.text(ds.get("name")), block, rescue, always, loc, Values.conditions(ds.get("when")),
                vars(ds, "Block", loc), keywords(ds, KeywordNames.BLOCK_EXTRAS), tags(ds, loc));
    }

    private Task task(Map<?, ?> raw, boolean handler) {
        Map<String, Object> ds = ActionParser.textKeys(raw);
        SourceLocation loc = locationOf(raw);
        ActionParser.Action action = ActionParser.parse(ds, NOT_ACTIONS, loc);
        String kind = handler ? "Handler" : "Task";

        Loop loop = loop(ds, loc);
        for (String key : ds.keySet()) {
            if (key.equals("static") || (!handler && KeywordNames.HANDLER_ONLY.contains(key))) {
                throw DroverException.parse("'" + key + "' is not a valid attribute for a " + kind, loc);
            }
        }
        if (loop != null && KeywordNames.IMPORT_TASKS.contains(action.module())) {
            throw DroverException.parse("You cannot use loops on 'import_tasks' statements. You should use "
                    + "'include_tasks' instead.", loc);
        }
        if (loop != null && KeywordNames.IMPORT_ROLE.contains(action.module())) {
            throw DroverException.parse("You cannot use loops on 'import_role' statements. You should use "
                    + "'include_role' instead.", loc);
        }
        if (handler && (KeywordNames.IMPORT_ROLE.contains(action.module())
                || KeywordNames.withInternalNames(List.of("include_role")).contains(action.module()))) {
            throw DroverException.parse("Using '" + action.module() + "' as a handler is not supported.", loc);
        }

        String register = null;
        if (ds.get("register") != null) {
            Object r = ds.get("register");
            if (!Values.isIdentifier(r)) {
                throw DroverException.parse("Invalid variable name in 'register' specified: '" + r + "'", loc);
            }
            register = (String) r;
        }

        Keywords keywords = keywords(ds, KeywordNames.TASK_EXTRAS);
        if (action.local()) {
            Map<String, Object> withDelegate = new LinkedHashMap<>(keywords.values());
            withDelegate.put("delegate_to", "localhost");
            keywords = new Keywords(withDelegate);
        }
        return new Task(Values.text(ds.get("name")), action.module(), action.args(), loc,
                Values.conditions(ds.get("when")), loop, register, Values.names(ds.get("notify")),
                ds.containsKey("changed_when") ? Values.conditions(ds.get("changed_when")) : null,
                ds.containsKey("failed_when") ? Values.conditions(ds.get("failed_when")) : null,
                vars(ds, kind, loc), keywords, tags(ds, loc), handler ? Values.names(ds.get("listen")) : List.of());
    }

    /** {@code loop:} or one {@code with_<lookup>:}, with its {@code loop_control:}; null when the task does not loop. */
    private Loop loop(Map<String, Object> ds, SourceLocation loc) {
        String lookup = null;
        Object items = null;
        boolean found = false;
        for (Map.Entry<String, Object> e : ds.entrySet()) {
            String key = e.getKey();
            if (!key.equals("loop") && !key.startsWith("with_")) {
                continue;
            }
            if (key.equals("loop") && e.getValue() == null) {
                continue;
            }
            String name = key.equals("loop") ? "loop" : key.substring("with_".length());
            if (found) {
                // Ansible raises a generic error here, hence exit code 1 rather than 4
                throw DroverException.runtime("duplicate loop in task: " + name, loc);
            }
            if (!key.equals("loop") && e.getValue() == null) {
                throw DroverException.runtime("you must specify a value when using " + key, loc);
            }
            found = true;
            lookup = key.equals("loop") ? null : name;
            items = e.getValue();
        }
        if (!found) {
            return null;
        }
        return new Loop(lookup, items, loopControl(ds.get("loop_control"), loc));
    }

    private LoopControl loopControl(Object value, SourceLocation taskLoc) {
        if (value == null) {
            return LoopControl.DEFAULT;
        }
        if (!(value instanceof Map<?, ?> raw)) {
            throw DroverException.parse("the `loop_control` value must be specified as a dictionary and cannot be "
                    + "a variable itself (though it can contain variables)", taskLoc);
        }
        Map<String, Object> lc = ActionParser.textKeys(raw);
        for (String key : lc.keySet()) {
            if (!KeywordNames.LOOP_CONTROL.contains(key)) {
                throw DroverException.parse("'" + key + "' is not a valid attribute for a LoopControl",
                        locationOf(raw));
            }
        }
        String loopVar = lc.get("loop_var") == null ? "item" : Values.text(lc.get("loop_var"));
        Boolean extended = Values.bool(lc.get("extended"));
        return new LoopControl(loopVar, Values.text(lc.get("index_var")), lc.get("label"), lc.get("pause"),
                extended != null && extended);
    }

    /** The inheritable keywords (plus {@code extras}) present in {@code ds}, raw. */
    static Keywords keywords(Map<String, Object> ds, Set<String> extras) {
        Map<String, Object> kw = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ds.entrySet()) {
            if (Keywords.INHERITED.contains(e.getKey()) || extras.contains(e.getKey())) {
                kw.put(e.getKey(), e.getValue());
            }
        }
        return kw.isEmpty() ? Keywords.EMPTY : new Keywords(kw);
    }

    List<String> tags(Map<String, Object> ds, SourceLocation loc) {
        try {
            return Values.tags(ds.get("tags"));
        } catch (IllegalArgumentException e) {
            throw DroverException.parse(e.getMessage(), loc);
        }
    }

    /**
     * {@code vars:} as a mapping or a list of mappings (merged, later wins), every name a valid identifier.
     *
     * @param kind "Play", "Block" or "Task", as Ansible names it in messages
     */
    Map<String, Object> vars(Map<String, Object> ds, String kind, SourceLocation owner) {
        Object value = ds.get("vars");
        if (value == null) {
            return Map.of();
        }
        SourceLocation where = value instanceof Map<?, ?> || value instanceof List<?> ? locationOf(value) : owner;
        List<Object> parts = value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
        Map<String, Object> vars = new LinkedHashMap<>();
        for (Object part : parts) {
            if (!(part instanceof Map<?, ?> map)) {
                throw DroverException.parse("Vars in a " + kind
                        + " must be specified as a dictionary, or a list of dictionaries", where);
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!Values.isIdentifier(e.getKey())) {
                    throw DroverException.parse("Invalid variable name in vars specified for " + kind + ": '"
                            + ActionParser.keyText(e.getKey()) + "' is not a valid variable name", where);
                }
                vars.put((String) e.getKey(), e.getValue());
            }
        }
        return vars;
    }
}
