package io.drover.playbook;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keywords each playbook object accepts (ansible-core 2.14), and the names under which settings without a
 * dedicated model field are kept in {@link Keywords}.
 *
 * <p>Model records only have fields for the most used settings; the others are kept, raw, in the object's
 * {@code keywords}: for a play {@link #PLAY_EXTRAS}, for a task {@link #TASK_EXTRAS}, for a block
 * {@link #BLOCK_EXTRAS}, next to the inheritable {@link Keywords#INHERITED} ones.
 */
public final class KeywordNames {

    private KeywordNames() {
    }

    /** Play settings kept in {@link Play#keywords()} although tasks do not inherit them. */
    public static final Set<String> PLAY_EXTRAS = Set.of(
            "order", "vars_prompt", "gather_subset", "gather_timeout", "fact_path", "debugger");

    /**
     * Key in {@link Play#keywords()} holding the {@code when:} conditions of the {@code import_playbook} that
     * brought the play in (a list). The play's tasks already carry them; the executor needs them for the
     * implicit fact gathering, which Ansible skips too when they are false.
     */
    public static final String IMPORT_WHEN = "_import_when";

    /** Task settings kept in {@link Task#keywords()}: retry loop, async, delegate_facts, debugger. */
    public static final Set<String> TASK_EXTRAS = Set.of(
            "until", "retries", "delay", "async", "poll", "delegate_facts", "debugger");

    /** Block settings kept in {@link Block#keywords()}. */
    public static final Set<String> BLOCK_EXTRAS = Set.of("delegate_facts", "debugger", "notify");

    /** Keywords valid on a play. */
    public static final Set<String> PLAY = union(Keywords.INHERITED, PLAY_EXTRAS, Set.of(
            "name", "hosts", "gather_facts", "vars", "vars_files", "pre_tasks", "roles", "tasks", "post_tasks",
            "handlers", "serial", "strategy", "max_fail_percentage", "force_handlers", "tags"))
            .stream().filter(k -> !k.equals("delegate_to")).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Keywords valid on a block. */
    public static final Set<String> BLOCK = union(Keywords.INHERITED, BLOCK_EXTRAS, Set.of(
            "name", "block", "rescue", "always", "when", "vars", "tags"));

    /** Keywords of a task; every other key of a task mapping is taken for its action (module). */
    public static final Set<String> TASK = union(Keywords.INHERITED, TASK_EXTRAS, Set.of(
            "name", "action", "local_action", "args", "register", "when", "loop", "loop_control", "notify",
            "changed_when", "failed_when", "vars", "tags"));

    /** Keywords only handlers accept. */
    public static final Set<String> HANDLER_ONLY = Set.of("listen");

    /** Keywords of an {@code - import_playbook:} entry. */
    public static final Set<String> PLAYBOOK_IMPORT = union(Keywords.INHERITED, Set.of(), Set.of(
            "import_playbook", "ansible.builtin.import_playbook", "ansible.legacy.import_playbook", "name", "vars",
            "when", "tags", "debugger"));

    /** Keys of a {@code loop_control:} mapping. */
    public static final Set<String> LOOP_CONTROL = Set.of(
            "loop_var", "index_var", "label", "pause", "extended", "extended_allitems");

    /** Keys of a {@code vars_prompt:} entry. */
    public static final Set<String> VARS_PROMPT = Set.of(
            "name", "prompt", "default", "private", "confirm", "encrypt", "salt_size", "salt", "unsafe");

    /** Modules whose free-form text is a command line: only {@link ArgsParser#COMMAND_OPTIONS} are taken out. */
    public static final Set<String> FREE_FORM_MODULES = withInternalNames(List.of(
            "command", "win_command", "ansible.windows.win_command", "shell", "win_shell",
            "ansible.windows.win_shell", "raw", "script"));

    /** Modules that accept words that are not {@code k=v} (kept under {@link Task#RAW_PARAMS}). */
    public static final Set<String> RAW_PARAM_MODULES = union(FREE_FORM_MODULES, Set.of(), withInternalNames(List.of(
            "include", "include_vars", "include_tasks", "include_role", "import_tasks", "import_role", "add_host",
            "group_by", "set_fact", "meta")));

    /** Modules whose legacy {@code cmd:} argument means the command text. */
    public static final Set<String> CMD_MODULES = withInternalNames(List.of("command", "shell", "script"));

    /** Static imports, which cannot loop. */
    public static final Set<String> IMPORT_TASKS = withInternalNames(List.of("import_tasks"));
    public static final Set<String> IMPORT_ROLE = withInternalNames(List.of("import_role"));

    /** {@code name}, {@code ansible.builtin.name} and {@code ansible.legacy.name} for each short name. */
    static Set<String> withInternalNames(List<String> names) {
        Set<String> all = new HashSet<>();
        for (String n : names) {
            all.add(n);
            if (n.indexOf('.') < 0) {
                all.add("ansible.builtin." + n);
                all.add("ansible.legacy." + n);
            }
        }
        return Set.copyOf(all);
    }

    private static Set<String> union(Set<String> a, Set<String> b, Set<String> c) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        all.addAll(c);
        return Set.copyOf(all);
    }
}
