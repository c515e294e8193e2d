package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.RunOptions;
import io.drover.cli.output.MinimalPrinter;
import io.drover.config.AnsibleConfig;
import io.drover.error.DroverException;
import io.drover.inventory.Inventory;
import io.drover.playbook.Playbook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover run PATTERN -m MODULE -a ARGS}: one module on matching hosts, like the {@code ansible} command. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs one module on hosts matching a pattern, like ansible.")
final class AdHocCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = {"-m", "--module-name"}, description = "module to run (default command)")
    String module = "command";

    @Option(names = {"-a", "--args"}, description = "module arguments (k=v or free form)")
    String args;

    @Option(names = "--list-hosts", description = "list matching hosts and exit")
    boolean listHosts;

    @Parameters(index = "0", paramLabel = "pattern", description = "host pattern")
    String pattern;

    @Override
    public Integer call() {
        MinimalPrinter printer = new MinimalPrinter(System.out, System.err, Terminal.colour(System.getenv()));
        Path tmp = null;
        try {
            AnsibleConfig cfg = new AnsibleConfig(Path.of("").toAbsolutePath(), System.getenv(),
                    Path.of(System.getProperty("user.home")));
            RunOptions options = common.toRunOptions(cfg, false, printer::warning, io.drover.exec.TagSelection.ALL);
            Drover drover = Drover.create();
            Inventory inventory = drover.loadInventory(options, printer::warning);
            if (listHosts) {
                var hosts = inventory.resolve(List.of(pattern)).stream()
                        .filter(h -> options.limit() == null || inventory.limit(options.limit()).contains(h.name()))
                        .toList();
                System.out.println("  hosts (" + hosts.size() + "):");
                hosts.forEach(h -> System.out.println("    " + h.name()));
                return 0;
            }
            tmp = Files.createTempFile("drover-adhoc", ".yml");
            Files.writeString(tmp, playbookYaml());
            Playbook playbook = drover.parse(tmp, List.of(), options.vaultSecrets(), printer::warning);
            return drover.run(playbook, inventory, options, printer);
        } catch (DroverException e) {
            System.err.println("ERROR! " + e.describe());
            return e.kind().exitCode();
        } catch (UsageException e) {
            System.err.println("drover run: error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /** The one-task play ansible builds for an ad-hoc command, written as YAML so the parser treats it alike. */
    private String playbookYaml() {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put(module, args == null ? Map.of() : args);
        Map<String, Object> play = new LinkedHashMap<>();
        play.put("name", "Ansible Ad-Hoc");
        play.put("hosts", pattern);
        play.put("gather_facts", false);
        play.put("tasks", List.of(task));
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(o).dump(List.of(play));
    }
}
