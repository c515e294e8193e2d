package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.RunOptions;
import io.drover.config.AnsibleConfig;
import io.drover.error.DroverException;
import io.drover.inventory.Inventory;
import io.drover.inventory.InventoryReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover inventory}: ansible-inventory's --list, --graph and --host. */
@Command(name = "inventory", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Shows the inventory as Drover sees it, like ansible-inventory.")
final class InventoryCommand implements Callable<Integer> {

    @Option(names = {"-i", "--inventory", "--inventory-file"}, description = "inventory source, repeatable")
    List<String> inventories = new ArrayList<>();

    @Option(names = "--list", description = "all hosts and groups as JSON")
    boolean list;

    @Option(names = "--graph", description = "the group tree")
    boolean graph;

    @Option(names = "--host", description = "one host's variables as JSON")
    String host;

    @Option(names = "--vars", description = "with --graph: show variables")
    boolean vars;

    @Option(names = "--export", description = "with --list: keep group vars on groups")
    boolean export;

    @Option(names = {"-l", "--limit"}, description = "further limit hosts to a pattern")
    String limit;

    @picocli.CommandLine.Mixin
    VaultOptions vault = new VaultOptions();

    @Parameters(arity = "0..1", paramLabel = "group", description = "group to start --graph from (default all)")
    String group;

    @Override
    public Integer call() {
        List<String> warnings = new ArrayList<>();
        try {
            AnsibleConfig cfg = new AnsibleConfig(Path.of("").toAbsolutePath(), System.getenv(),
                    Path.of(System.getProperty("user.home")));
            if (!list && !graph && host == null) {
                System.err.println("ERROR! No action selected, at least one of --host, --graph or --list needs to be specified.");
                return 5;
            }
            RunOptions options = RunOptions.builder().inventories(inventories.isEmpty() ? cfg.inventory().stream().map(Path::toString).toList() : inventories)
                    .limit(limit).vaultSecrets(vault.secrets(cfg, warnings::add)).build();
            Inventory inventory = Drover.create().loadInventory(options, warnings::add);
            warnings.forEach(w -> System.err.println("[WARNING]: " + w));
            String text;
            InventoryReport report = new InventoryReport(inventory);
            if (host != null) {
                text = report.host(host);
            } else if (graph) {
                text = report.graph(group == null ? "all" : group, vars);
            } else {
                text = report.list(export);
            }
            System.out.println(text);
            return 0;
        } catch (DroverException e) {
            System.err.println("ERROR! " + e.describe());
            return e.kind().exitCode();
        }
    }
}
