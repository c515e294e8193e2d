package io.drover.exec;

import io.drover.api.Events;
import io.drover.api.Events.Status;
import io.drover.api.RunListener;
import io.drover.api.RunOptions;
import io.drover.connection.Command;
import io.drover.connection.CommandResult;
import io.drover.connection.Connection;
import io.drover.connection.ConnectionException;
import io.drover.module.ArgumentException;
import io.drover.module.Args;
import io.drover.module.Module;
import io.drover.module.ModuleContext;
import io.drover.module.ModuleRegistry;
import io.drover.module.ModuleResult;
import io.drover.playbook.Loop;
import io.drover.playbook.LoopControl;
import io.drover.playbook.Task;
import io.drover.template.PythonRepr;
import io.drover.template.TemplateException;
import io.drover.template.Templar;
import io.drover.vars.PlayScope;
import io.drover.vars.VariableException;
import io.drover.vars.VariableManager;
import io.drover.vars.VariableScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one task on one host: loop items, conditions, argument templating and validation, the module itself, then
 * changed_when/failed_when, register and set_fact. Reports each result to the listener as it happens.
 */
final class TaskExecutor {

    private final VariableManager vars;
    private final ModuleRegistry modules;
    private final HostConnections connections;
    private final RunOptions options;
    private final RunListener listener;
    private final String omit;

    TaskExecutor(VariableManager vars, ModuleRegistry modules, HostConnections connections, RunOptions options,
                 RunListener listener, String omit) {
        this.vars = vars;
        this.modules = modules;
        this.connections = connections;
        this.options = options;
        this.listener = listener;
        this.omit = omit;
    }

    private Templar templar() {
        return vars.templar();
    }

    /** Runs {@code task} for {@code host}; {@code banner} is the task's display name for events. */
    TaskOutcome run(Task task, TaskFrame frame, String host, PlayScope play, String banner) {
        Map<String, Object> taskVars = frame.vars();
        if (!task.vars().isEmpty()) {
            taskVars = new LinkedHashMap<>(frame.vars());
            taskVars.putAll(task.vars());
        }
        VariableScope scope = vars.scope(host, play, frame.role(), taskVars, Map.of());
        boolean ignoreErrors = keywordBool(task, frame, "ignore_errors", scope);
        Display display = new Display(keywordBool(task, frame, "no_log", scope),
                keyword(task, frame, "diff") == null ? options.diff() : keywordBool(task, frame, "diff", scope));
        TaskOutcome outcome;
        if (task.loop() == null) {
            Map<String, Object> result = runOnce(task, frame, host, scope, null);
            outcome = outcome(result, ignoreErrors);
            emit(host, banner, ModuleRegistry.shortName(task.action()), outcome, null, display, false);
        } else {
            outcome = runLoop(task, frame, host, play, taskVars, scope, banner, ignoreErrors, display);
        }
        if (task.register() != null) {
            vars.facts(host).set(task.register(), registered(outcome.result()));
        }
        return outcome;
    }

    private TaskOutcome runLoop(Task task, TaskFrame frame, String host, PlayScope play, Map<String, Object> taskVars,
                                VariableScope scope, String banner, boolean ignoreErrors, Display display) {
        List<Object> items;
        try {
            items = loopItems(task.loop(), scope);
        } catch (TaskFailure f) {
            TaskOutcome o = outcome(f.result, ignoreErrors);
            emit(host, banner, ModuleRegistry.shortName(task.action()), o, null, display, false);
            return o;
        }
        LoopControl control = task.loop().control();
        if (items.isEmpty()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("changed", false);
            r.put("results", List.of());
            r.put("skipped", true);
            r.put("skipped_reason", "No items in the list");
            TaskOutcome o = new TaskOutcome(Status.SKIPPED, r, false);
            emit(host, banner, ModuleRegistry.shortName(task.action()), o, null, display, true);
            return o;
        }
        List<Object> results = new ArrayList<>();
        boolean anyChanged = false;
        boolean anyFailed = false;
        boolean allSkipped = true;
        boolean unreachable = false;
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            Map<String, Object> loopVars = new LinkedHashMap<>();
            loopVars.put(control.loopVar(), item);
            loopVars.put("ansible_loop_var", control.loopVar());
            if (control.indexVar() != null) {
                loopVars.put(control.indexVar(), (long) i);
                loopVars.put("ansible_index_var", control.indexVar());
            }
            if (control.extended()) {
                loopVars.put("ansible_loop", extendedLoop(items, i));
            }
            VariableScope itemScope = vars.scope(host, play, frame.role(), taskVars, loopVars);
            Map<String, Object> r = new LinkedHashMap<>(runOnce(task, frame, host, itemScope, item));
            r.put(control.loopVar(), item);
            r.put("ansible_loop_var", control.loopVar());
            if (control.indexVar() != null) {
                r.put(control.indexVar(), (long) i);
                r.put("ansible_index_var", control.indexVar());
            }
            results.add(r);
            TaskOutcome itemOutcome = outcome(r, ignoreErrors);
            anyChanged |= itemOutcome.changed();
            anyFailed |= itemOutcome.status() == Status.FAILED;
            unreachable |= itemOutcome.status() == Status.UNREACHABLE;
            allSkipped &= itemOutcome.status() == Status.SKIPPED;
            emit(host, banner, ModuleRegistry.shortName(task.action()), itemOutcome, label(control, itemScope, item), display, false);
            if (unreachable) {
                break;
            }
        }
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("changed", anyChanged);
        if (unreachable) {
            total.put("unreachable", true);
            total.put("msg", "One or more items failed");
        } else if (anyFailed) {
            total.put("failed", true);
            total.put("msg", "One or more items failed");
        } else if (allSkipped) {
            total.put("msg", "All items skipped");
            total.put("skipped", true);
        } else {
            total.put("msg", "All items completed");
        }
        total.put("results", results);
        if (!allSkipped || anyFailed) {
            total.put("skipped", false);
        }
        TaskOutcome o = outcome(total, ignoreErrors);
        // Items were printed one by one; the overall line only shows for a failure or when all were skipped.
        if (o.status() == Status.FAILED || o.status() == Status.UNREACHABLE || o.status() == Status.SKIPPED) {
            emit(host, banner, ModuleRegistry.shortName(task.action()), o, null, display, true);
        }
        return o;
    }

    private static Map<String, Object> extendedLoop(List<Object> items, int i) {
        Map<String, Object> l = new LinkedHashMap<>();
        int n = items.size();
        l.put("allitems", items);
        l.put("first", i == 0);
        l.put("last", i == n - 1);
        l.put("index", (long) i + 1);
        l.put("index0", (long) i);
        l.put("length", (long) n);
        l.put("revindex", (long) (n - i));
        l.put("revindex0", (long) (n - i - 1));
        if (i > 0) {
            l.put("previtem", items.get(i - 1));
        }
        if (i < n - 1) {
            l.put("nextitem", items.get(i + 1));
        }
        return l;
    }

    private String label(LoopControl control, VariableScope scope, Object item) {
        if (control.label() != null) {
            try {
                return PythonRepr.str(templar().template(control.label(), scope));
            } catch (TemplateException | VariableException e) {
                return PythonRepr.str(control.label());
            }
        }
        return PythonRepr.str(item);
    }

    @SuppressWarnings("unchecked")
    private List<Object> loopItems(Loop loop, VariableScope scope) throws TaskFailure {
        Object items;
        try {
            items = templar().template(loop.items(), scope);
        } catch (TemplateException | VariableException e) {
            throw new TaskFailure(undefinedMessage(e.getMessage()));
        }
        String lookup = loop.lookup();
        if (lookup == null || lookup.equals("list")) {
            if (items instanceof List<?> l) {
                return (List<Object>) l;
            }
            if (lookup == null) {
                throw new TaskFailure("Invalid data passed to 'loop', it requires a list, got this instead: "
                        + PythonRepr.str(items) + ". Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.");
            }
            return List.of(items);
        }
        return switch (lookup) {
            case "items" -> {
                List<Object> flat = new ArrayList<>();
                for (Object o : items instanceof List<?> l ? l : List.of(items)) {
                    if (o instanceof List<?> inner) {
                        flat.addAll(inner);
                    } else {
                        flat.add(o);
                    }
                }
                yield flat;
            }
            case "dict" -> {
                if (!(items instanceof Map<?, ?> m)) {
                    throw new TaskFailure("with_dict expects a dict");
                }
                List<Object> pairs = new ArrayList<>();
                m.forEach((k, v) -> {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("key", k);
                    p.put("value", v);
                    pairs.add(p);
                });
                yield pairs;
            }
            case "indexed_items" -> {
                List<Object> out = new ArrayList<>();
                List<?> l = items instanceof List<?> x ? x : List.of(items);
                for (int i = 0; i < l.size(); i++) {
                    out.add(List.of((long) i, l.get(i)));
                }
                yield out;
            }
            case "nested", "cartesian" -> product((List<Object>) items);
            case "together" -> together((List<Object>) items);
            default -> {
                try {
                    Object r = templar().evaluate("query('" + lookup + "', __drover_terms)",
                            scope.with(io.drover.vars.Layer.fixed("lookup terms", Map.of("__drover_terms", items))));
                    yield r instanceof List<?> l ? (List<Object>) l : List.of(r);
                } catch (TemplateException | VariableException e) {
                    throw new TaskFailure(e.getMessage());
                }
            }
        };
    }

    private static List<Object> product(List<Object> lists) {
        List<Object> out = new ArrayList<>();
        out.add(List.of());
        for (Object l : lists) {
            List<Object> next = new ArrayList<>();
            for (Object prefix : out) {
                for (Object x : l instanceof List<?> ll ? ll : List.of(l)) {
                    List<Object> combo = new ArrayList<>((List<?>) prefix);
                    combo.add(x);
                    next.add(combo);
                }
            }
            out = next;
        }
        return out;
    }

    private static List<Object> together(List<Object> lists) {
        int max = 0;
        for (Object l : lists) {
            max = Math.max(max, ((List<?>) l).size());
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            List<Object> row = new ArrayList<>();
            for (Object l : lists) {
                List<?> ll = (List<?>) l;
                row.add(i < ll.size() ? ll.get(i) : null);
            }
            out.add(row);
        }
        return out;
    }

    /** One execution of the module (one loop item or the whole task); returns the result as Ansible shapes it. */
    private Map<String, Object> runOnce(Task task, TaskFrame frame, String host, VariableScope scope, Object item) {
        try {
            if (!conditionsHold(frame.when(), task.when(), scope)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("changed", false);
                r.put("skip_reason", "Conditional result was False");
                r.put("skipped", true);
                return r;
            }
            Module module = modules.find(task.action()).orElseThrow(
                    () -> new TaskFailure("couldn't resolve module/action '" + task.action() + "'"));
            Map<String, Object> rawArgs = templateArgs(task, scope);
            Args args;
            try {
                args = module.argSpec().validate(ModuleRegistry.shortName(task.action()), rawArgs);
            } catch (ArgumentException e) {
                throw new TaskFailure(e.getMessage());
            }
            boolean check = options.check();
            Object checkKeyword = keyword(task, frame, "check_mode");
            if (checkKeyword != null) {
                check = truthy(templar().template(checkKeyword, scope));
            }
            if (check && !module.supportsCheckMode()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("changed", false);
                r.put("msg", "remote module (" + ModuleRegistry.shortName(task.action()) + ") does not support check mode");
                r.put("skipped", true);
                return r;
            }
            Context ctx = new Context(task, frame, host, scope, args, check);
            ModuleResult moduleResult;
            try {
                moduleResult = module.run(ctx);
            } catch (ConnectionException e) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("changed", false);
                r.put("msg", e.getMessage());
                r.put("unreachable", true);
                return r;
            }
            Map<String, Object> result = new LinkedHashMap<>(moduleResult.data());
            addLines(result, "stdout");
            addLines(result, "stderr");
            applyFacts(task, host, result);
            applyChangedFailedWhen(task, scope, result);
            return result;
        } catch (TaskFailure f) {
            return f.result;
        } catch (TemplateException | VariableException e) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("failed", true);
            r.put("msg", io.drover.vault.VaultException.causeOf(e).map(Throwable::getMessage)
                    .orElseGet(() -> undefinedMessage(e.getMessage()) + where(task)));
            return r;
        }
    }

    /** Ansible adds {@code stdout_lines}/{@code stderr_lines} to every result that has the text. */
    private static void addLines(Map<String, Object> result, String key) {
        if (result.get(key) instanceof String text && !result.containsKey(key + "_lines")) {
            result.put(key + "_lines", splitLines(text));
        }
    }

    /** Python's str.splitlines(): no trailing empty line, \r\n and \r count as breaks. */
    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** The value {@code register:} stores: internal keys dropped, {@code failed} always present (also in items). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> registered(Map<String, Object> result) {
        Map<String, Object> r = new LinkedHashMap<>();
        result.forEach((k, v) -> {
            if (!k.startsWith("_ansible_")) {
                if (k.equals("results") && v instanceof List<?> items) {
                    List<Object> cleaned = new ArrayList<>();
                    for (Object item : items) {
                        cleaned.add(item instanceof Map<?, ?> m ? registered((Map<String, Object>) m) : item);
                    }
                    v = cleaned;
                }
                r.put(k, v);
            }
        });
        r.putIfAbsent("failed", false);
        return r;
    }

    private void applyFacts(Task task, String host, Map<String, Object> result) {
        if (result.get("ansible_facts") instanceof Map<?, ?> facts && !Boolean.TRUE.equals(result.get("failed"))) {
            String name = ModuleRegistry.shortName(task.action());
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) facts;
            if (name.equals("set_fact") || name.equals("include_vars")) {
                f.forEach(vars.facts(host)::set);
                if (Boolean.TRUE.equals(result.get("_ansible_facts_cacheable"))) {
                    vars.facts(host).addFacts(f);
                }
            } else {
                vars.facts(host).addFacts(f);
            }
        }
    }

    private void applyChangedFailedWhen(Task task, VariableScope scope, Map<String, Object> result)
            throws TemplateException {
        if (task.changedWhen() == null && task.failedWhen() == null) {
            return;
        }
        if (Boolean.TRUE.equals(result.get("skipped")) || Boolean.TRUE.equals(result.get("unreachable"))) {
            return;
        }
        VariableScope withResult = task.register() == null ? scope
                : scope.with(io.drover.vars.Layer.fixed("registered", Map.of(task.register(), result)));
        if (task.changedWhen() != null) {
            boolean changed = true;
            for (Object c : task.changedWhen()) {
                changed &= condition(c, withResult);
            }
            result.put("changed", changed);
        }
        if (task.failedWhen() != null) {
            boolean failed = true;
            for (Object c : task.failedWhen()) {
                failed &= condition(c, withResult);
            }
            result.put("failed_when_result", failed);
            result.put("failed", failed);
        }
    }

    private boolean condition(Object c, VariableScope scope) throws TemplateException {
        try {
            return templar().condition(c, scope);
        } catch (TemplateException | VariableException e) {
            throw new TemplateException("The conditional check '" + c + "' failed. The error was: error while evaluating conditional ("
                    + c + "): " + e.getMessage());
        }
    }

    private boolean conditionsHold(List<Object> inherited, List<Object> own, VariableScope scope) throws TaskFailure {
        for (List<Object> list : List.of(inherited, own)) {
            for (Object c : list) {
                try {
                    if (!templar().condition(c, scope)) {
                        return false;
                    }
                } catch (TemplateException | VariableException e) {
                    throw new TaskFailure("The conditional check '" + c + "' failed. The error was: error while evaluating conditional ("
                            + c + "): " + e.getMessage());
                }
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> templateArgs(Task task, VariableScope scope) throws TemplateException {
        Object rendered = templar().template(task.args(), scope);
        return (Map<String, Object>) stripOmitted(rendered);
    }

    /** Drops arguments whose value is the omit placeholder, recursively, as Ansible does. */
    private Object stripOmitted(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!omit.equals(v)) {
                    out.put(String.valueOf(k), stripOmitted(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object v : l) {
                if (!omit.equals(v)) {
                    out.add(stripOmitted(v));
                }
            }
            return out;
        }
        return value;
    }

    private static String undefinedMessage(String error) {
        return "The task includes an option with an undefined variable. The error was: " + error;
    }

    private static String where(Task task) {
        return "\n\nThe error appears to be in '" + task.location().file() + "': line " + task.location().line()
                + ", column " + task.location().column() + ", but may\nbe elsewhere in the file depending on the exact syntax problem.";
    }

    private TaskOutcome outcome(Map<String, Object> result, boolean ignoreErrors) {
        Status status;
        if (Boolean.TRUE.equals(result.get("unreachable"))) {
            status = Status.UNREACHABLE;
            ignoreErrors = false;
        } else if (Boolean.TRUE.equals(result.get("failed"))) {
            status = Status.FAILED;
        } else if (Boolean.TRUE.equals(result.get("skipped"))) {
            status = Status.SKIPPED;
        } else if (Boolean.TRUE.equals(result.get("changed"))) {
            status = Status.CHANGED;
        } else {
            status = Status.OK;
        }
        result.putIfAbsent("changed", false);
        return new TaskOutcome(status, result, status == Status.FAILED && ignoreErrors);
    }

    /**
     * How a task's results are shown: censored under {@code no_log}; a module's {@code diff} only in diff mode
     * (-D or the {@code diff} keyword), though the registered result keeps it, as Ansible's does.
     */
    private record Display(boolean noLog, boolean diff) {
    }

    private void emit(String host, String banner, String action, TaskOutcome o, String itemLabel, Display display,
                      boolean loopSummary) {
        Map<String, Object> shown = o.result();
        boolean verbose = Boolean.TRUE.equals(shown.get("_ansible_verbose_always"));
        if (!display.diff() && shown.containsKey("diff")) {
            shown = new LinkedHashMap<>(shown);
            shown.remove("diff");
        }
        if (display.noLog()) {
            shown = new TreeMap<>();
            shown.put("censored", "the output has been hidden due to the fact that 'no_log: true' was specified for this result");
            shown.put("changed", o.changed());
        }
        listener.hostResult(new Events.HostResult(host, banner, action, o.status(), shown, itemLabel, o.ignored(),
                verbose, loopSummary, null));
    }

    private static Object keyword(Task task, TaskFrame frame, String name) {
        if (task.keywords().has(name)) {
            return task.keywords().get(name);
        }
        return frame.keywords().get(name);
    }

    private boolean keywordBool(Task task, TaskFrame frame, String name, VariableScope scope) {
        Object v = keyword(task, frame, name);
        if (v == null) {
            return false;
        }
        try {
            return truthy(templar().template(v, scope));
        } catch (TemplateException | VariableException e) {
            return false;
        }
    }

    static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null) {
            return false;
        }
        return switch (String.valueOf(v).strip().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "on", "1", "true", "y", "t" -> true;
            default -> false;
        };
    }

    /** A failure found before the module ran (bad loop data, unknown module, bad arguments). */
    private static final class TaskFailure extends Exception {
        final Map<String, Object> result;

        TaskFailure(String msg) {
            super(msg, null, false, false);
            result = new LinkedHashMap<>();
            result.put("failed", true);
            result.put("msg", msg);
        }
    }

    /** The module's view of the host; wraps every command with environment and become. */
    private final class Context implements ModuleContext {
        private final Task task;
        private final TaskFrame frame;
        private final String host;
        private final VariableScope scope;
        private final Args args;
        private final boolean check;
        private Become become;
        private Map<String, String> environment;

        Context(Task task, TaskFrame frame, String host, VariableScope scope, Args args, boolean check) {
            this.task = task;
            this.frame = frame;
            this.host = host;
            this.scope = scope;
            this.args = args;
            this.check = check;
        }

        @Override
        public Args args() {
            return args;
        }

        @Override
        public String host() {
            return host;
        }

        private Connection connection() throws ConnectionException {
            Object user = keyword(task, frame, "remote_user");
            String remoteUser = null;
            if (user != null) {
                try {
                    remoteUser = PythonRepr.str(templar().template(user, scope));
                } catch (TemplateException e) {
                    throw new VariableException(e.getMessage(), e);
                }
            }
            return connections.get(host, scope, remoteUser);
        }

        @Override
        public CommandResult exec(String script, byte[] stdin) throws ConnectionException {
            return connection().exec(new Command(wrap(script), stdin, Map.of()));
        }

        @Override
        public void put(byte[] content, String remotePath, int mode) throws ConnectionException {
            if (become().enabled()) {
                // Files owned by the become user are written through the shell so sudo applies.
                String tmp = remotePath + ".drover-tmp";
                CommandResult r = exec("cat > " + ShellQuote.quote(tmp) + " && chmod " + Integer.toOctalString(mode)
                        + " " + ShellQuote.quote(tmp) + " && mv -f " + ShellQuote.quote(tmp) + " " + ShellQuote.quote(remotePath),
                        content);
                if (r.exitCode() != 0) {
                    throw new ConnectionException("could not write " + remotePath + ": " + r.stderr());
                }
                return;
            }
            connection().put(content, remotePath, mode);
        }

        private String wrap(String script) {
            StringBuilder sb = new StringBuilder();
            environment().forEach((k, v) -> sb.append("export ").append(k).append('=').append(ShellQuote.quote(v)).append("; "));
            sb.append(script);
            return become().wrap(sb.toString());
        }

        private Map<String, String> environment() {
            if (environment == null) {
                environment = new LinkedHashMap<>();
                Object env = keyword(task, frame, "environment");
                if (env != null) {
                    try {
                        Object rendered = templar().template(env, scope);
                        if (rendered instanceof Map<?, ?> m) {
                            m.forEach((k, v) -> environment.put(String.valueOf(k), PythonRepr.str(v)));
                        }
                    } catch (TemplateException e) {
                        throw new VariableException(e.getMessage(), e);
                    }
                }
            }
            return environment;
        }

        private Become become() {
            if (become == null) {
                try {
                    Object enabled = keyword(task, frame, "become");
                    boolean on = enabled != null ? truthy(templar().template(enabled, scope))
                            : scope.get("ansible_become") != null ? truthy(scope.get("ansible_become")) : options.become();
                    Object user = keyword(task, frame, "become_user");
                    Object method = keyword(task, frame, "become_method");
                    Object flags = keyword(task, frame, "become_flags");
                    become = new Become(on,
                            str(user != null ? templar().template(user, scope) : firstNonNull(scope.get("ansible_become_user"), options.becomeUser(), "root")),
                            str(method != null ? templar().template(method, scope) : firstNonNull(scope.get("ansible_become_method"), options.becomeMethod(), "sudo")),
                            flags == null ? (String) null : str(templar().template(flags, scope)));
                } catch (TemplateException e) {
                    throw new VariableException(e.getMessage(), e);
                }
            }
            return become;
        }

        private static Object firstNonNull(Object... values) {
            for (Object v : values) {
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        private static String str(Object o) {
            return o == null ? null : String.valueOf(o);
        }

        @Override
        public boolean checkMode() {
            return check;
        }

        @Override
        public boolean diffMode() {
            // The task's (or block's/play's) diff keyword overrides -D, as in Ansible.
            Object keyword = keyword(task, frame, "diff");
            if (keyword != null) {
                try {
                    return truthy(templar().template(keyword, scope));
                } catch (TemplateException e) {
                    throw new VariableException(e.getMessage(), e);
                }
            }
            return options.diff();
        }

        @Override
        public String renderFile(java.nio.file.Path template, Map<String, Object> extraVars,
                                 io.drover.template.TextOptions textOptions) throws TemplateException {
            String source;
            try {
                byte[] bytes = readControllerFile(template, true);
                source = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new TemplateException("Template source files must be utf-8 encoded");
            } catch (java.io.IOException e) {
                throw new TemplateException("could not read " + template + ": " + e.getMessage());
            }
            VariableScope withExtra = scope.with(io.drover.vars.Layer.fixed("template vars", extraVars));
            return templar().renderText(source, withExtra, textOptions);
        }

        @Override
        public int verbosity() {
            return options.verbosity();
        }

        @Override
        public io.drover.vault.Vault vault() {
            return new io.drover.vault.Vault(options.vaultSecrets());
        }

        @Override
        public Object evaluate(String expression) {
            try {
                return templar().evaluate(expression, scope);
            } catch (TemplateException e) {
                throw new VariableException(e.getMessage(), e);
            }
        }

        @Override
        public boolean condition(Object condition) {
            try {
                return templar().condition(condition, scope);
            } catch (TemplateException e) {
                throw new VariableException(e.getMessage(), e);
            }
        }

        @Override
        public Object template(Object value) {
            try {
                return templar().template(value, scope);
            } catch (TemplateException e) {
                throw new VariableException(e.getMessage(), e);
            }
        }

        @Override
        public Map<String, Object> variables() {
            return scope;
        }
    }
}
