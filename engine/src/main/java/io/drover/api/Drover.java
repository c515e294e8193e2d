package io.drover.api;

import io.drover.connection.ConnectionFactories;
import io.drover.error.DroverException;
import io.drover.exec.PlaybookExecutor;
import io.drover.inventory.Inventory;
import io.drover.inventory.InventoryLoader;
import io.drover.module.Module;
import io.drover.module.ModuleRegistry;
import io.drover.playbook.Block;
import io.drover.playbook.Play;
import io.drover.playbook.Playbook;
import io.drover.playbook.PlaybookParser;
import io.drover.playbook.Task;
import io.drover.playbook.TaskNode;
import io.drover.template.Templar;
import io.drover.template.TemplarOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedding entry point: load an inventory, parse and check a playbook, run it, and observe everything through
 * a {@link RunListener}. The CLI is a thin layer over this class.
 *
 * <pre>{@code
 * Drover drover = Drover.create();
 * int exit = drover.run(Path.of("site.yml"), RunOptions.builder().inventories(List.of("hosts.ini")).build(), listener);
 * }</pre>
 */
public final class Drover {

    private final ModuleRegistry modules;
    private final ClassLoader loader;

    private Drover(ModuleRegistry modules, ClassLoader loader) {
        this.modules = modules;
        this.loader = loader;
    }

    /** Finds modules and connection types on the context class loader with {@link java.util.ServiceLoader}. */
    public static Drover create() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = Drover.class.getClassLoader();
        }
        return new Drover(ModuleRegistry.load(cl), cl);
    }

    public ModuleRegistry modules() {
        return modules;
    }

    /** Loads the inventory sources named in the options (implicit localhost only when there are none). */
    public Inventory loadInventory(RunOptions options, Consumer<String> warnings) {
        return new InventoryLoader(warnings, new io.drover.vault.Vault(options.vaultSecrets())).load(options.inventories());
    }

    /** Parses a playbook and checks what can be checked without hosts: modules exist, argument names are known. */
    public Playbook parse(Path playbook, Consumer<String> warnings) {
        return parse(playbook, List.of(), warnings);
    }

    /**
     * Like {@link #parse(Path, Consumer)}, looking for roles also in {@code rolesPath} (ansible.cfg's
     * {@code roles_path}, see {@link io.drover.config.AnsibleConfig#rolesPath()}).
     */
    public Playbook parse(Path playbook, List<Path> rolesPath, Consumer<String> warnings) {
        return parse(playbook, rolesPath, io.drover.vault.VaultSecrets.none(), warnings);
    }

    /**
     * Like {@link #parse(Path, List, Consumer)} with vault passwords: vaulted playbooks, task files and role vars are
     * decrypted as they are read, inline {@code !vault} values when they are used. Pass the same secrets in
     * {@link RunOptions#vaultSecrets()} for inventory, group_vars/host_vars and vars_files.
     */
    public Playbook parse(Path playbook, List<Path> rolesPath, io.drover.vault.VaultSecrets secrets,
                          Consumer<String> warnings) {
        Playbook parsed = new PlaybookParser(warnings, rolesPath, new io.drover.vault.Vault(secrets)).parse(playbook);
        check(parsed);
        return parsed;
    }

    /** Runs a parsed playbook; returns ansible-playbook's exit code. */
    public int run(Playbook playbook, Inventory inventory, RunOptions options, RunListener listener) {
        Templar templar = new Templar(new TemplarOptions(playbook.directory(), listener::warning));
        try (ConnectionFactories factories = ConnectionFactories.load(loader)) {
            return new PlaybookExecutor(inventory, modules, factories, options, listener, templar, listener::warning)
                    .run(playbook);
        }
    }

    /** Parses, checks and runs a playbook file. */
    public int run(Path playbook, RunOptions options, RunListener listener) {
        Inventory inventory = loadInventory(options, listener::warning);
        return run(parse(playbook, List.of(), options.vaultSecrets(), listener::warning), inventory, options, listener);
    }

    private void check(Playbook playbook) {
        List<DroverException> problems = new ArrayList<>();
        for (Play play : playbook.plays()) {
            List<Task> all = new ArrayList<>();
            collect(play.preTasks(), all);
            collect(play.tasks(), all);
            collect(play.postTasks(), all);
            all.addAll(play.handlers());
            for (Task t : all) {
                String action = ModuleRegistry.shortName(t.action());
                if (action.equals("include_tasks") || action.equals("include")) {
                    continue;
                }
                if (action.equals("include_role")) {
                    continue;
                }
                Optional<Module> m = modules.find(t.action());
                if (m.isEmpty()) {
                    problems.add(DroverException.parse("couldn't resolve module/action '" + t.action()
                            + "'. This often indicates a misspelling, missing collection, or incorrect module path.",
                            t.location()));
                    continue;
                }
                List<String> unknown = m.get().argSpec().unsupported(t.args().keySet());
                if (!unknown.isEmpty()) {
                    problems.add(new DroverException(DroverException.Kind.MODULE_ARGUMENTS,
                            "task '" + t.displayName() + "': " + m.get().argSpec().unsupportedMessage(
                                    ModuleRegistry.shortName(t.action()), unknown), t.location()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw DroverException.all(problems);
        }
    }

    private static void collect(List<TaskNode> nodes, List<Task> into) {
        for (TaskNode n : nodes) {
            switch (n) {
                case Task t -> into.add(t);
                case Block b -> {
                    collect(b.block(), into);
                    collect(b.rescue(), into);
                    collect(b.always(), into);
                }
            }
        }
    }
}
