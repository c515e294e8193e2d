package io.drover.exec;

import io.drover.api.Events;
import io.drover.api.Events.Status;
import io.drover.api.RunListener;
import io.drover.api.RunOptions;
import io.drover.connection.ConnectionFactories;
import io.drover.error.DroverException;
import io.drover.error.SourceLocation;
import io.drover.inventory.Inventory;
import io.drover.inventory.VarsDirectory;
import io.drover.module.ModuleRegistry;
import io.drover.playbook.Block;
import io.drover.playbook.Keywords;
import io.drover.playbook.Play;
import io.drover.playbook.Playbook;
import io.drover.playbook.PlaybookParser;
import io.drover.playbook.Role;
import io.drover.playbook.Task;
import io.drover.playbook.TaskNode;
import io.drover.template.PythonRepr;
import io.drover.template.TemplateException;
import io.drover.template.Templar;
import io.drover.vars.Layer;
import io.drover.vars.PlayScope;
import io.drover.vars.VariableException;
import io.drover.vars.VariableManager;
import io.drover.vars.VariableScope;
import io.drover.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Runs a parsed playbook with the linear strategy: each task runs on every active host of the play in parallel
 * (bounded by forks, one virtual thread per host-task), and the next task starts when all have finished. Hosts that
 * fail or become unreachable drop out of the rest of the run; handlers run at Ansible's flush points.
 */
public final class PlaybookExecutor {

    private final Inventory inventory;
    private final ModuleRegistry modules;
    private final ConnectionFactories factories;
    private final RunOptions options;
    private final RunListener listener;
    private final Templar templar;
    private final Consumer<String> warnings;
    private final Stats stats = new Stats();
    /** Hosts that failed or were unreachable; they take no part in later plays. */
    private final Set<String> deadHosts = ConcurrentHashMap.newKeySet();
    private final Set<String> unreachableHosts = ConcurrentHashMap.newKeySet();

    public PlaybookExecutor(Inventory inventory, ModuleRegistry modules, ConnectionFactories factories,
                            RunOptions options, RunListener listener, Templar templar, Consumer<String> warnings) {
        this.inventory = inventory;
        this.modules = modules;
        this.factories = factories;
        this.options = options;
        this.listener = listener;
        this.templar = templar;
        this.warnings = warnings;
    }

    /** Runs the playbook and returns ansible-playbook's exit code (0, 2 failed, 4 unreachable). */
    public int run(Playbook playbook) {
        String omit = "__omit_place_holder__" + randomSha1();
        Map<String, Object> runMagic = runMagic(playbook, omit);
        VariableManager vars = new VariableManager(inventory, new VarsDirectory(playbook.directory(), yaml()),
                options.extraVars(), runMagic, templar);
        try (HostConnections connections = new HostConnections(factories, options, warnings);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            TaskExecutor tasks = new TaskExecutor(vars, modules, connections, options, listener, omit);
            for (Play play : playbook.plays()) {
                boolean goOn = new PlayRun(play, playbook, vars, tasks, threads).run();
                if (!goOn) {
                    break;
                }
            }
        }
        int exit = stats.anyUnreachable() ? 4 : stats.anyFailed() ? 2 : 0;
        listener.runFinished(new Events.RunFinished(stats.snapshot(), exit));
        return exit;
    }

    private io.drover.vault.Vault vault() {
        return new io.drover.vault.Vault(options.vaultSecrets());
    }

    private YamlLoader yaml() {
        return new YamlLoader(warnings, vault());
    }

    private Map<String, Object> runMagic(Playbook playbook, String omit) {
        Map<String, Object> m = new LinkedHashMap<>();
        String dir = playbook.directory().toString();
        m.put("playbook_dir", dir);
        m.put("ansible_search_path", List.of(dir));
        m.put("omit", omit);
        m.put("ansible_check_mode", options.check());
        m.put("ansible_diff_mode", options.diff());
        m.put("ansible_forks", (long) options.forks());
        m.put("ansible_verbosity", (long) options.verbosity());
        m.put("ansible_run_tags", List.copyOf(options.tags().run()));
        m.put("ansible_skip_tags", List.copyOf(options.tags().skip()));
        if (options.limit() != null) {
            m.put("ansible_limit", options.limit());
        }
        m.put("ansible_inventory_sources", options.inventories());
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("full", "2.14.18");
        version.put("major", 2L);
        version.put("minor", 14L);
        version.put("revision", 18L);
        version.put("string", "2.14.18");
        m.put("ansible_version", version);
        return m;
    }

    private static String randomSha1() {
        try {
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(seed));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One play: its batches, sections and handlers. */
    private final class PlayRun {
        private final Play play;
        private final Playbook playbook;
        private final VariableManager vars;
        private final TaskExecutor tasks;
        private final ExecutorService threads;
        private final Semaphore forks;
        private PlayScope scope;
        private List<String> batchHosts;
        /** Hosts failed in this play (and not rescued). */
        private final Set<String> failed = ConcurrentHashMap.newKeySet();
        /** Hosts ended by meta: end_host, or all hosts after end_play. */
        private final Set<String> ended = ConcurrentHashMap.newKeySet();
        private final Map<Integer, Set<String>> notified = new LinkedHashMap<>();
        private final Map<Path, List<TaskNode>> includedTasks = new java.util.HashMap<>();
        private List<String> handlerNames;
        /** The play's handlers, then those of roles loaded by include_role, each once. */
        private final List<Task> handlers = new ArrayList<>();
        /** The role context a handler of an included role runs in (its defaults and vars). */
        private final Map<Task, Role> handlerRoles = new java.util.IdentityHashMap<>();
        /** Roles (with their params) that include_role has expanded in this play: dependencies run once. */
        private final Set<String> rolesSeen = new java.util.HashSet<>();
        private boolean playEnded;
        private boolean anyErrorsFatalHit;

        PlayRun(Play play, Playbook playbook, VariableManager vars, TaskExecutor tasks, ExecutorService threads) {
            this.play = play;
            this.playbook = playbook;
            this.vars = vars;
            this.tasks = tasks;
            this.threads = threads;
            this.forks = new Semaphore(options.forks());
            this.handlers.addAll(play.handlers());
        }

        /** Returns false when the rest of the playbook must not run. */
        boolean run() {
            List<String> hosts = targetHosts();
            Map<String, Object> playVars = play.vars();
            Map<String, Object> varsFiles = new LinkedHashMap<>();
            String name = renderPlain(play.displayName(), playVars);
            if (hosts.isEmpty()) {
                Events.PlayStarted started = new Events.PlayStarted(name, List.of());
                listener.playStarted(started);
                listener.noHostsMatched(started);
                return true;
            }
            loadVarsFiles(playVars, varsFiles);
            Map<String, Object> roleDefaults = new LinkedHashMap<>();
            Map<String, Object> roleVars = new LinkedHashMap<>();
            for (List<TaskNode> section : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
                collectRoleVars(section, roleDefaults, roleVars);
            }
            for (List<String> batch : batches(hosts)) {
                batchHosts = batch;
                Map<String, Object> magic = new LinkedHashMap<>();
                magic.put("ansible_play_name", name);
                magic.put("ansible_play_hosts_all", hosts);
                magic.put("ansible_play_hosts", batch);
                magic.put("play_hosts", batch);
                magic.put("ansible_play_batch", batch);
                scope = new PlayScope(playVars, varsFiles, magic, roleDefaults, roleVars);
                handlerNames = null;
                listener.playStarted(new Events.PlayStarted(name, batch));
                Set<String> active = new LinkedHashSet<>(batch);
                TaskFrame frame = TaskFrame.of(play.keywords(), play.tags());
                // The implicit fact gathering is tagged "always" unless the play has tags; then it has only those.
                if (gatherFacts() && options.tags().selects(play.tags().isEmpty() ? List.of("always") : play.tags())) {
                    Task setup = new Task("Gathering Facts", "setup", Map.of(), play.location(), List.of(), null,
                            null, List.of(), null, null, Map.of(), Keywords.EMPTY, List.of(), List.of());
                    runTask(setup, TaskFrame.of(play.keywords(), List.of()), active, false);
                }
                for (List<TaskNode> section : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
                    runNodes(section, frame, active);
                    if (playEnded) {
                        break;
                    }
                    flushHandlers(active);
                }
                if (anyErrorsFatalHit) {
                    return false;
                }
                if (active.isEmpty() && ended.isEmpty()) {
                    // Every host of the batch failed: ansible-playbook stops the whole run.
                    return false;
                }
                if (playEnded) {
                    break;
                }
            }
            return true;
        }

        /** The defaults and vars of every role of the play, which all its tasks see (private_role_vars=false). */
        private void collectRoleVars(List<TaskNode> nodes, Map<String, Object> defaults, Map<String, Object> roleVars) {
            for (TaskNode node : nodes) {
                if (node instanceof Block b) {
                    if (b.role() != null) {
                        defaults.putAll(b.role().defaults());
                        roleVars.putAll(b.role().vars());
                    }
                    collectRoleVars(b.block(), defaults, roleVars);
                    collectRoleVars(b.rescue(), defaults, roleVars);
                    collectRoleVars(b.always(), defaults, roleVars);
                }
            }
        }

        private List<String> targetHosts() {
            List<String> patterns = new ArrayList<>();
            for (String p : play.hosts()) {
                patterns.add(renderPlain(p, play.vars()));
            }
            List<String> out = new ArrayList<>();
            Set<String> allowed = options.limit() == null ? null : inventory.limit(options.limit());
            for (var h : inventory.resolve(patterns)) {
                if ((allowed == null || allowed.contains(h.name())) && !deadHosts.contains(h.name())) {
                    out.add(h.name());
                }
            }
            return out;
        }

        private List<List<String>> batches(List<String> hosts) {
            if (play.serial().isEmpty()) {
                return List.of(hosts);
            }
            List<List<String>> out = new ArrayList<>();
            int i = 0;
            int step = 0;
            while (i < hosts.size()) {
                Object spec = play.serial().get(Math.min(step++, play.serial().size() - 1));
                int size = batchSize(renderPlain(spec, play.vars()), hosts.size());
                out.add(hosts.subList(i, Math.min(hosts.size(), i + size)));
                i += size;
            }
            return out;
        }

        private int batchSize(Object spec, int total) {
            String s = String.valueOf(spec).strip();
            int size;
            if (s.endsWith("%")) {
                size = (int) Math.floor(total * Double.parseDouble(s.substring(0, s.length() - 1)) / 100.0);
            } else {
                size = (int) Double.parseDouble(s);
            }
            return size <= 0 ? (s.endsWith("%") ? 1 : total) : size;
        }

        private boolean gatherFacts() {
            Object g = play.gatherFacts();
            return g == null || TaskExecutor.truthy(renderPlain(g, play.vars()));
        }

        private void loadVarsFiles(Map<String, Object> playVars, Map<String, Object> into) {
            YamlLoader yaml = yaml();
            for (Object entry : play.varsFiles()) {
                List<?> candidates = entry instanceof List<?> l ? l : List.of(entry);
                Path found = null;
                for (Object c : candidates) {
                    Path p = playbook.directory().resolve(String.valueOf(renderPlain(c, playVars)));
                    if (Files.isRegularFile(p)) {
                        found = p;
                        break;
                    }
                }
                if (found == null) {
                    throw DroverException.runtime("Could not find or access '" + PythonRepr.str(entry)
                            + "' on the Ansible Controller.", play.location());
                }
                Object data = yaml.load(found).data();
                if (data instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> into.put(String.valueOf(k), v));
                } else if (data != null) {
                    throw DroverException.parse("vars file " + found + " must contain a dictionary of variables",
                            SourceLocation.of(found.toString()));
                }
            }
        }

        /** Renders play-level text (names, host patterns) with play vars and extra vars only. */
        private Object renderPlain(Object value, Map<String, Object> playVars) {
            if (!Templar.isTemplate(value)) {
                return value;
            }
            VariableScope s = new VariableScope(List.of(Layer.raw("play vars", playVars),
                    Layer.raw("extra vars", options.extraVars())), templar);
            try {
                return templar.template(value, s);
            } catch (TemplateException | VariableException e) {
                return value;
            }
        }

        private String renderPlain(String value, Map<String, Object> playVars) {
            return String.valueOf(renderPlain((Object) value, playVars));
        }

        private void runNodes(List<TaskNode> nodes, TaskFrame frame, Set<String> hosts) {
            for (TaskNode node : nodes) {
                if (playEnded || hosts.isEmpty()) {
                    return;
                }
                switch (node) {
                    case Task t -> {
                        if (options.tags().selects(frame.tagsOf(t.tags()))) {
                            runTask(t, frame, hosts, false);
                        }
                    }
                    case Block b -> runBlock(b, frame, hosts);
                }
            }
        }

        private void runBlock(Block block, TaskFrame frame, Set<String> hosts) {
            TaskFrame inner = frame.enter(block.keywords(), block.vars(), block.when(), block.tags(), block.role());
            Set<String> inBlock = new LinkedHashSet<>(hosts);
            runNodes(block.block(), inner, inBlock);
            Set<String> failedHere = new LinkedHashSet<>();
            for (String h : hosts) {
                if (!inBlock.contains(h) && failed.contains(h)) {
                    failedHere.add(h);
                }
            }
            if (!block.rescue().isEmpty() && !failedHere.isEmpty()) {
                failed.removeAll(failedHere);
                deadHosts.removeAll(failedHere);
                Set<String> inRescue = new LinkedHashSet<>(failedHere);
                runNodes(block.rescue(), inner, inRescue);
                for (String h : inRescue) {
                    stats.rescued(h);
                    inBlock.add(h);
                }
                failedHere.removeAll(inRescue);
            }
            if (!block.always().isEmpty()) {
                Set<String> inAlways = new LinkedHashSet<>();
                for (String h : hosts) {
                    if (inBlock.contains(h) || failedHere.contains(h)) {
                        inAlways.add(h);
                    }
                }
                runNodes(block.always(), inner, inAlways);
                inBlock.retainAll(inAlways);
            }
            hosts.retainAll(inBlock);
        }

        private void runTask(Task task, TaskFrame frame, Set<String> hosts, boolean handler) {
            List<String> targets = new ArrayList<>();
            for (String h : hosts) {
                if (!ended.contains(h)) {
                    targets.add(h);
                }
            }
            if (targets.isEmpty()) {
                return;
            }
            String action = ModuleRegistry.shortName(task.action());
            if (action.equals("meta")) {
                runMeta(task, frame, hosts, targets);
                return;
            }
            if (action.equals("include_tasks") || action.equals("include")) {
                runInclude(task, frame, hosts, targets);
                return;
            }
            if (action.equals("include_role")) {
                runIncludeRole(task, frame, hosts, targets);
                return;
            }
            String banner = bannerName(task, frame, targets.get(0));
            listener.taskStarted(new Events.TaskStarted(banner, handler, task.location().toString()));
            List<String> activeNow = activeHosts();
            PlayScope taskScope = scope.withMagic(Map.of("ansible_play_hosts", activeNow, "play_hosts", activeNow,
                    "ansible_play_batch", activeNow));
            List<Future<TaskOutcome>> futures = new ArrayList<>();
            for (String h : targets) {
                futures.add(threads.submit(() -> {
                    forks.acquireUninterruptibly();
                    try {
                        return tasks.run(task, frame, h, taskScope, banner);
                    } finally {
                        forks.release();
                    }
                }));
            }
            boolean anyHostFailed = false;
            for (int i = 0; i < targets.size(); i++) {
                String h = targets.get(i);
                TaskOutcome o = join(futures.get(i));
                stats.record(h, o);
                if (o.unreachable()) {
                    hosts.remove(h);
                    deadHosts.add(h);
                    unreachableHosts.add(h);
                } else if (o.hostFailed()) {
                    hosts.remove(h);
                    failed.add(h);
                    deadHosts.add(h);
                    anyHostFailed = true;
                    rememberFailure(h, task, o);
                }
                if (o.changed() && !task.notifies().isEmpty() && o.status() != Status.FAILED) {
                    notifyHandlers(task, h);
                } else if (o.changed() && o.ignored() && !task.notifies().isEmpty()) {
                    notifyHandlers(task, h);
                }
            }
            if (anyHostFailed && anyErrorsFatal(task, frame)) {
                anyErrorsFatalHit = true;
                hosts.clear();
                ended.addAll(batchHosts);
                playEnded = true;
                listener.noMoreHosts();
            }
        }

        /** One file to include for some hosts (one per loop item for a looped include). */
        private record Inclusion(Path file, Map<String, Object> loopVars, String label) {
        }

        /**
         * {@code include_tasks}: decided per host when reached (file name templated with host vars, {@code when}
         * evaluated once per host or item), announced as {@code included: FILE for HOSTS}, then run for those hosts
         * only while the others wait, as the linear strategy does.
         */
        private void runInclude(Task task, TaskFrame frame, Set<String> hosts, List<String> targets) {
            String banner = bannerName(task, frame, targets.get(0));
            listener.taskStarted(new Events.TaskStarted(banner, false, task.location().toString()));
            Object name = task.args().containsKey(Task.RAW_PARAMS) ? task.args().get(Task.RAW_PARAMS)
                    : task.args().get("file");
            Planned<Inclusion> plan = planIncludes(task, frame, hosts, targets, banner, "include_tasks",
                    (is, loopVars) -> {
                        Path file = includePath(String.valueOf(templar.template(name, is)), task);
                        String label = loopVars.isEmpty() ? null
                                : PythonRepr.str(loopVars.get(task.loop().control().loopVar()));
                        return new Inclusion(file, loopVars, label);
                    }, inc -> inc.file().toString());
            // ansible-playbook announces every inclusion first, then runs them in order.
            for (Map.Entry<String, Inclusion> e : plan.inclusions().entrySet()) {
                List<String> who = plan.hostsOf().get(e.getKey());
                listener.included(new Events.Included(e.getValue().file().toString(), who, e.getValue().label()));
                who.forEach(h -> stats.record(h, new TaskOutcome(Status.OK, new LinkedHashMap<>(Map.of("changed", false)), false)));
            }
            for (Map.Entry<String, Inclusion> e : plan.inclusions().entrySet()) {
                Inclusion inc = e.getValue();
                List<TaskNode> nodes = includedTasks.computeIfAbsent(inc.file(),
                        f -> new PlaybookParser(warnings, playbook.rolesPath(), vault()).parseTaskFile(f, playbook.directory()));
                runIncluded(nodes, task, frame, inc.loopVars(), plan.hostsOf().get(e.getKey()), hosts);
            }
        }

        /** One role to include for some hosts: what to load and the loop variables of its item. */
        private record RoleInclusion(String name, String tasksFrom, String varsFrom, String defaultsFrom,
                                     String handlersFrom, Map<String, Object> loopVars) {
            String key() {
                return name + "|" + tasksFrom + "|" + varsFrom + "|" + defaultsFrom + "|" + handlersFrom;
            }
        }

        /**
         * {@code include_role}: decided per host when reached, like include_tasks (name and {@code *_from} templated
         * with the host's variables, {@code when} per host or item), but, as ansible-playbook does, with no
         * {@code included:} line and not counted itself. The role's handlers join the play's when it is first
         * loaded; with {@code public: true} its defaults and vars stay visible to the rest of the play.
         */
        private void runIncludeRole(Task task, TaskFrame frame, Set<String> hosts, List<String> targets) {
            Map<String, Object> args = task.args();
            String banner = task.name() == null || task.name().isBlank()
                    ? frame.banner(task.action() + " : " + args.get("name"))
                    : bannerName(task, frame, targets.get(0));
            listener.taskStarted(new Events.TaskStarted(banner, false, task.location().toString()));
            Planned<RoleInclusion> plan = planIncludes(task, frame, hosts, targets, banner, "include_role",
                    (is, loopVars) -> {
                        RoleInclusion inc = new RoleInclusion(text(args.get("name"), is),
                                text(args.get("tasks_from"), is), text(args.get("vars_from"), is),
                                text(args.get("defaults_from"), is), text(args.get("handlers_from"), is), loopVars);
                        if (inc.name() == null || inc.name().isEmpty()) {
                            throw DroverException.runtime("'name' is a required field for include_role.",
                                    task.location());
                        }
                        return inc;
                    }, RoleInclusion::key);
            Object publicArg = args.get("public");
            boolean isPublic = publicArg instanceof Boolean b ? b
                    : publicArg != null && Set.of("yes", "true", "on", "1").contains(String.valueOf(publicArg).toLowerCase());
            for (Map.Entry<String, RoleInclusion> e : plan.inclusions().entrySet()) {
                RoleInclusion inc = e.getValue();
                List<String> who = plan.hostsOf().get(e.getKey());
                PlaybookParser.LoadedRole loaded;
                try {
                    // Loaded for each inclusion: dependencies already run in this play are left out.
                    loaded = new PlaybookParser(warnings, playbook.rolesPath(), vault()).loadRole(inc.name(), inc.tasksFrom(),
                            inc.varsFrom(), inc.defaultsFrom(), inc.handlersFrom(), playbook.directory(),
                            task.location(), rolesSeen);
                } catch (DroverException ex) {
                    for (String h : who) {
                        failInclude(h, banner, "include_role", ex.getMessage(), hosts);
                    }
                    continue;
                }
                addRoleHandlers(loaded);
                if (isPublic && loaded.role() != null) {
                    Map<String, Object> defaults = new LinkedHashMap<>(scope.roleDefaults());
                    defaults.putAll(loaded.role().defaults());
                    Map<String, Object> roleVars = new LinkedHashMap<>(scope.roleVars());
                    roleVars.putAll(loaded.role().vars());
                    scope = new PlayScope(scope.playVars(), scope.varsFiles(), scope.magic(), defaults, roleVars);
                }
                runIncluded(loaded.blocks(), task, frame, inc.loopVars(), who, hosts);
            }
        }

        /** What an include task resolves to for one host and loop item. */
        private interface IncludeTarget<T> {
            T resolve(VariableScope scope, Map<String, Object> loopVars) throws TemplateException;
        }

        /** Inclusions by key (what is included plus the loop index), and the hosts of each, in order. */
        private record Planned<T>(Map<String, T> inclusions, Map<String, List<String>> hostsOf) {
        }

        /**
         * Resolves an include task for every target host and loop item whose conditions hold; hosts with none are
         * reported skipped, hosts whose resolution fails are failed.
         */
        private <T> Planned<T> planIncludes(Task task, TaskFrame frame, Set<String> hosts, List<String> targets,
                                            String banner, String action, IncludeTarget<T> target,
                                            java.util.function.Function<T, String> keyOf) {
            Map<String, Object> taskVars = new LinkedHashMap<>(frame.vars());
            taskVars.putAll(task.vars());
            Map<String, T> inclusions = new LinkedHashMap<>();
            Map<String, List<String>> hostsOf = new LinkedHashMap<>();
            for (String h : targets) {
                try {
                    VariableScope s = vars.scope(h, scope, frame.role(), taskVars, Map.of());
                    List<Map<String, Object>> loops = includeLoop(task, s);
                    boolean any = false;
                    for (int i = 0; i < loops.size(); i++) {
                        VariableScope is = vars.scope(h, scope, frame.role(), taskVars, loops.get(i));
                        if (!conditionsHold(frame, task, is)) {
                            continue;
                        }
                        any = true;
                        T inc = target.resolve(is, loops.get(i));
                        String key = keyOf.apply(inc) + "|" + i;
                        inclusions.putIfAbsent(key, inc);
                        hostsOf.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
                    }
                    if (!any) {
                        TaskOutcome skipped = new TaskOutcome(Status.SKIPPED, new LinkedHashMap<>(
                                Map.of("changed", false, "skip_reason", "Conditional result was False", "skipped", true)), false);
                        stats.record(h, skipped);
                        listener.hostResult(new Events.HostResult(h, banner, action, Status.SKIPPED,
                                skipped.result(), null, false, false, false, null));
                    }
                } catch (TemplateException | VariableException | DroverException e) {
                    failInclude(h, banner, action, e.getMessage(), hosts);
                }
            }
            return new Planned<>(inclusions, hostsOf);
        }

        /** Runs included nodes for the hosts of one inclusion that are still active; the others wait. */
        private void runIncluded(List<TaskNode> nodes, Task task, TaskFrame frame, Map<String, Object> loopVars,
                                 List<String> who, Set<String> hosts) {
            Set<String> sub = new LinkedHashSet<>();
            for (String h : who) {
                if (hosts.contains(h)) {
                    sub.add(h);
                }
            }
            Map<String, Object> innerVars = new LinkedHashMap<>(task.vars());
            innerVars.putAll(loopVars);
            TaskFrame inner = frame.enter(task.keywords(), innerVars, List.of(), List.of(), null);
            runNodes(nodes, inner, sub);
            for (String h : who) {
                if (!sub.contains(h) && (failed.contains(h) || unreachableHosts.contains(h) || ended.contains(h))) {
                    hosts.remove(h);
                }
            }
        }

        private String text(Object value, VariableScope s) throws TemplateException {
            return value == null ? null : String.valueOf(templar.template(value, s));
        }

        /** Handlers of an included role join the play once, and run with the role's defaults and vars. */
        private void addRoleHandlers(PlaybookParser.LoadedRole loaded) {
            for (Task h : loaded.handlers()) {
                boolean known = handlers.stream().anyMatch(x -> x.location().equals(h.location()));
                if (!known) {
                    handlers.add(h);
                    if (loaded.role() != null) {
                        handlerRoles.put(h, loaded.role());
                    }
                    handlerNames = null;
                }
            }
        }

        private void failInclude(String h, String banner, String action, String message, Set<String> hosts) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("failed", true);
            r.put("msg", message);
            TaskOutcome o = new TaskOutcome(Status.FAILED, r, false);
            stats.record(h, o);
            listener.hostResult(new Events.HostResult(h, banner, action, Status.FAILED, r, null, false, false, false,
                    null));
            hosts.remove(h);
            failed.add(h);
            deadHosts.add(h);
        }

        private List<Map<String, Object>> includeLoop(Task task, VariableScope s) throws TemplateException {
            if (task.loop() == null) {
                return List.of(Map.of());
            }
            Object items = templar.template(task.loop().items(), s);
            List<?> list = items instanceof List<?> l ? l : List.of(items);
            if ("items".equals(task.loop().lookup())) {
                List<Object> flat = new ArrayList<>();
                for (Object o : list) {
                    if (o instanceof List<?> inner) {
                        flat.addAll(inner);
                    } else {
                        flat.add(o);
                    }
                }
                list = flat;
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Map<String, Object> lv = new LinkedHashMap<>();
                lv.put(task.loop().control().loopVar(), list.get(i));
                if (task.loop().control().indexVar() != null) {
                    lv.put(task.loop().control().indexVar(), (long) i);
                }
                out.add(lv);
            }
            return out;
        }

        private boolean conditionsHold(TaskFrame frame, Task task, VariableScope s) throws TemplateException {
            for (List<Object> list : List.of(frame.when(), task.when())) {
                for (Object c : list) {
                    if (!templar.condition(c, s)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Relative to the file holding the include, then the playbook directory, as Ansible searches. */
        private Path includePath(String name, Task task) {
            Path p = Path.of(name);
            if (p.isAbsolute()) {
                return p.normalize();
            }
            Path here = Path.of(task.location().file()).toAbsolutePath().getParent();
            if (here != null && Files.isRegularFile(here.resolve(name))) {
                return here.resolve(name).normalize();
            }
            return playbook.directory().resolve(name).normalize();
        }

        /** Hosts of the batch that have neither failed, become unreachable nor been ended. */
        private List<String> activeHosts() {
            List<String> out = new ArrayList<>();
            for (String h : batchHosts) {
                if (!failed.contains(h) && !unreachableHosts.contains(h) && !ended.contains(h)) {
                    out.add(h);
                }
            }
            return out;
        }

        private void rememberFailure(String host, Task task, TaskOutcome o) {
            Map<String, Object> failedTask = new LinkedHashMap<>();
            failedTask.put("name", task.displayName());
            failedTask.put("action", task.action());
            vars.facts(host).set("ansible_failed_task", failedTask);
            vars.facts(host).set("ansible_failed_result", o.result());
        }

        private boolean anyErrorsFatal(Task task, TaskFrame frame) {
            Object v = task.keywords().has("any_errors_fatal") ? task.keywords().get("any_errors_fatal")
                    : frame.keywords().get("any_errors_fatal");
            return v != null && TaskExecutor.truthy(renderPlain(v, play.vars()));
        }

        private TaskOutcome join(Future<TaskOutcome> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(cause);
            }
        }

        private String bannerName(Task task, TaskFrame frame, String firstHost) {
            String name = task.displayName();
            if (Templar.isTemplate(name)) {
                try {
                    name = PythonRepr.str(templar.template(name,
                            vars.scope(firstHost, scope, frame.role(), task.vars(), Map.of())));
                } catch (TemplateException | VariableException e) {
                    // an unrenderable name is shown as written, as Ansible does
                }
            }
            return frame.banner(name);
        }

        /**
         * meta tasks act on the play, not through a module. ansible-core prints their banner once per host (once
         * for end_play), shows hosts whose condition is false as skipped, and never counts them in the recap.
         */
        private void runMeta(Task task, TaskFrame frame, Set<String> hosts, List<String> targets) {
            String action = String.valueOf(task.args().get(Task.RAW_PARAMS)).strip();
            String banner = bannerName(task, frame, targets.get(0));
            Events.TaskStarted started = new Events.TaskStarted(banner, false, task.location().toString());
            if (action.equals("end_play") || action.equals("end_batch")) {
                listener.taskStarted(started);
                if (anyHostMatches(task, frame, targets)) {
                    playEnded = true;
                    ended.addAll(hosts);
                    hosts.clear();
                }
                return;
            }
            List<String> applies = new ArrayList<>();
            for (String h : targets) {
                listener.taskStarted(started);
                if (conditionHolds(task, frame, h)) {
                    applies.add(h);
                } else {
                    listener.hostResult(new Events.HostResult(h, banner, "meta", Status.SKIPPED,
                            Map.of("changed", false, "skip_reason", "Conditional result was False", "skipped", true),
                            null, false, false, false, null));
                }
            }
            switch (action) {
                case "flush_handlers" -> flushHandlers(hosts);
                case "noop", "refresh_inventory", "reset_connection", "role_complete" -> {
                }
                case "end_host" -> {
                    ended.addAll(applies);
                    hosts.removeAll(applies);
                }
                case "clear_facts" -> applies.forEach(h -> vars.facts(h).clearFacts());
                case "clear_host_errors" -> {
                    for (String h : batchHosts) {
                        if (failed.remove(h)) {
                            deadHosts.remove(h);
                            hosts.add(h);
                        }
                    }
                }
                default -> throw DroverException.runtime("invalid meta action requested: " + action, task.location());
            }
        }

        private boolean anyHostMatches(Task task, TaskFrame frame, List<String> targets) {
            for (String h : targets) {
                if (conditionHolds(task, frame, h)) {
                    return true;
                }
            }
            return false;
        }

        private boolean conditionHolds(Task task, TaskFrame frame, String host) {
            VariableScope s = vars.scope(host, scope, frame.role(), frame.vars(), Map.of());
            try {
                for (List<Object> list : List.of(frame.when(), task.when())) {
                    for (Object c : list) {
                        if (!templar.condition(c, s)) {
                            return false;
                        }
                    }
                }
                return true;
            } catch (TemplateException | VariableException e) {
                throw DroverException.runtime(e.getMessage(), task.location());
            }
        }

        private List<String> handlerNames() {
            if (handlerNames == null) {
                List<String> names = new ArrayList<>();
                for (Task h : handlers) {
                    names.add(h.name() == null ? null : String.valueOf(renderPlain(h.name(), play.vars())));
                }
                handlerNames = names;
            }
            return handlerNames;
        }

        private void notifyHandlers(Task task, String host) {
            List<String> names = handlerNames();
            for (String n : task.notifies()) {
                String wanted = String.valueOf(renderPlain(n, play.vars()));
                boolean found = false;
                for (int i = 0; i < handlers.size(); i++) {
                    Task h = handlers.get(i);
                    if (wanted.equals(names.get(i)) || h.listen().contains(wanted)) {
                        synchronized (notified) {
                            notified.computeIfAbsent(i, k -> new LinkedHashSet<>()).add(host);
                        }
                        found = true;
                    }
                }
                if (!found) {
                    throw DroverException.runtime("The requested handler '" + wanted
                            + "' was not found in either the main handlers list nor in the listening handlers list",
                            task.location());
                }
            }
        }

        private void flushHandlers(Set<String> active) {
            TaskFrame frame = TaskFrame.of(play.keywords(), List.of());
            boolean force = options.forceHandlers() || play.forceHandlers();
            for (int i = 0; i < handlers.size(); i++) {
                Set<String> pending;
                synchronized (notified) {
                    pending = notified.remove(i);
                }
                if (pending == null || pending.isEmpty()) {
                    continue;
                }
                Set<String> run = new LinkedHashSet<>();
                for (String h : batchHosts) {
                    if (pending.contains(h) && (active.contains(h) || (force && failed.contains(h)
                            && !unreachableHosts.contains(h)))) {
                        run.add(h);
                    }
                }
                if (run.isEmpty()) {
                    continue;
                }
                Set<String> survivors = new LinkedHashSet<>(run);
                Task handler = handlers.get(i);
                Role role = handlerRoles.get(handler);
                runTask(handler, role == null ? frame : frame.enter(Keywords.EMPTY, Map.of(), List.of(), List.of(), role),
                        survivors, true);
                for (String h : run) {
                    if (!survivors.contains(h)) {
                        active.remove(h);
                    }
                }
            }
        }
    }
}
