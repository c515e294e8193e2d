package io.drover.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a playbook with one executor against the fleet; {@link AnsibleRunner} and {@link DroverRunner}
 * take the same arguments, so a test can run both and compare {@link RecapParser#parse recaps}.
 */
public sealed interface PlaybookRunner permits AnsibleRunner, DroverRunner {

    Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /** Short name for messages: "ansible" or "drover". */
    String name();

    Fleet fleet();

    /** The command that starts a playbook run, before {@code -i inventory playbook}. */
    List<String> playbookCommand();

    /**
     * Runs {@code <command> -i inventory playbook extraArgs...} in the playbook's directory, with the
     * fleet's ANSIBLE_CONFIG, ANSIBLE_NOCOLOR=1 and ANSIBLE_FORCE_COLOR removed.
     */
    default ProcessResult playbook(Path inventory, Path playbook, List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of("-i", inventory.toString(), playbook.toString()));
        args.addAll(extraArgs);
        Path dir = playbook.toAbsolutePath().getParent();
        return runner(playbookCommand()).withArgs(args).inDirectory(dir).run();
    }

    /** {@link #playbook(Path, Path, List)} with the fleet's inventory. */
    default ProcessResult playbook(Path playbook, String... extraArgs) {
        return playbook(fleet().inventory(), playbook, List.of(extraArgs));
    }

    /** A runner for {@code command} with the fleet's environment, for anything not covered above. */
    default ProcessRunner runner(List<String> command) {
        return ProcessRunner.of(command)
                .withEnv(fleet().environment())
                .withoutEnv("ANSIBLE_FORCE_COLOR")
                .withTimeout(DEFAULT_TIMEOUT);
    }
}
