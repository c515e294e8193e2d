package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.RunOptions;
import io.drover.cli.output.DefaultPrinter;
import io.drover.config.AnsibleConfig;
import io.drover.error.DroverException;
import io.drover.exec.TagSelection;
import io.drover.inventory.Inventory;
import io.drover.playbook.Playbook;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover playbook}: same flags, output and exit codes as ansible-playbook. */
@Command(name = "playbook", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs playbooks against inventory hosts, like ansible-playbook.")
final class PlaybookCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--syntax-check", description = "check syntax only, do not run")
    boolean syntaxCheck;

    @Option(names = "--list-hosts", description = "list the hosts each play would run on")
    boolean listHosts;

    @Option(names = "--list-tasks", description = "list the tasks each play would run")
    boolean listTasks;

    @Option(names = "--list-tags", description = "list all available tags")
    boolean listTags;

    @Option(names = "--force-handlers", description = "run handlers even on hosts that failed")
    boolean forceHandlers;

    @Option(names = {"-t", "--tags"}, description = "only run plays and tasks tagged with these values")
    List<String> tags = new ArrayList<>();

    @Option(names = "--skip-tags", description = "only run plays and tasks whose tags do not match these values")
    List<String> skipTags = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "playbook", description = "playbook file(s)")
    List<Path> playbooks;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        DefaultPrinter printer = new DefaultPrinter(out, err, common.verbosity(), Terminal.colour(System.getenv()));
        try {
            AnsibleConfig cfg = new AnsibleConfig(Path.of("").toAbsolutePath(), System.getenv(),
                    Path.of(System.getProperty("user.home")));
            RunOptions options = common.toRunOptions(cfg, forceHandlers, printer::warning, TagSelection.of(tags, skipTags));
            Drover drover = Drover.create();
            for (Path p : playbooks) {
                if (!Files.isRegularFile(p)) {
                    throw DroverException.runtime("the playbook: " + p + " could not be found", null);
                }
            }
            List<Playbook> parsed = new ArrayList<>();
            for (Path p : playbooks) {
                parsed.add(drover.parse(p, cfg.rolesPath(), options.vaultSecrets(), printer::warning));
            }
            if (syntaxCheck) {
                for (Path p : playbooks) {
                    out.println();
                    out.println("playbook: " + p);
                }
                return 0;
            }
            Inventory inventory = drover.loadInventory(options, printer::warning);
            if (options.limit() != null && inventory.limit(options.limit()).isEmpty()) {
                throw DroverException.runtime(
                        "Specified inventory, host pattern and/or --limit leaves us with no hosts to target.", null);
            }
            if (listHosts || listTasks || listTags) {
                Listing.print(out, parsed, inventory, options, listHosts, listTasks, listTags);
                return 0;
            }
            int exit = 0;
            for (Playbook pb : parsed) {
                exit = drover.run(pb, inventory, options, printer);
                if (exit != 0) {
                    break;
                }
            }
            return exit;
        } catch (DroverException e) {
            err.println("ERROR! " + e.describe());
            return e.kind().exitCode();
        } catch (UsageException e) {
            // Option values argparse would reject: usage error, exit 2, as ansible-playbook.
            err.println("drover playbook: error: " + e.getMessage());
            return 2;
        }
    }
}
