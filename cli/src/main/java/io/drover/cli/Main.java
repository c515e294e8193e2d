package io.drover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code drover} command: ansible-playbook, ansible and ansible-inventory in one tool. */
@Command(name = "drover", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs Ansible playbooks and inventories unchanged, on the JVM.",
        subcommands = {PlaybookCommand.class, AdHocCommand.class, InventoryCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    public static void main(String[] args) {
        // Registering BouncyCastle costs ~400 ms of startup, and the JDK's own providers cover the algorithms
        // OpenSSH uses today (ed25519, ecdsa, rsa, curve25519). Process-wide, so it is decided here and not in the
        // library. DROVER_BOUNCYCASTLE=1 brings it back for unusual keys.
        if (!"1".equals(System.getenv("DROVER_BOUNCYCASTLE"))) {
            net.schmizz.sshj.common.SecurityUtils.setRegisterBouncyCastle(false);
        }
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (separate from main so tests need no System.exit). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // ansible-playbook exits 2 on usage errors (argparse).
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("usage error: " + ex.getMessage());
            c.usage(c.getErr());
            return 2;
        });
        return cl.execute(args);
    }
}
