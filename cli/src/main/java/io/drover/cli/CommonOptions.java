package io.drover.cli;

import io.drover.api.ExtraVars;
import io.drover.api.RunOptions;
import io.drover.config.AnsibleConfig;
import io.drover.exec.TagSelection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags shared by {@code playbook} and the ad-hoc {@code run}, named as ansible-playbook names them. */
final class CommonOptions {

    @Option(names = {"-i", "--inventory", "--inventory-file"}, description = "inventory source (file, directory or host list), repeatable")
    List<String> inventories = new ArrayList<>();

    @Option(names = {"-l", "--limit"}, description = "further limit hosts to a pattern")
    String limit;

    @Option(names = {"-e", "--extra-vars"}, description = "k=v, YAML/JSON, or @file; repeatable")
    List<String> extraVars = new ArrayList<>();

    @Option(names = {"-f", "--forks"}, description = "parallel hosts (default 5)")
    Integer forks;

    @Option(names = {"-u", "--user"}, description = "connect as this user")
    String user;

    @Option(names = {"--private-key", "--key-file"}, description = "private key file")
    Path privateKey;

    @Option(names = {"-c", "--connection"}, description = "connection type (ssh, local)")
    String connection;

    @Option(names = {"-T", "--timeout"}, description = "connection timeout in seconds")
    Integer timeout;

    @Option(names = "--ssh-common-args", description = "extra arguments for every ssh connection (e.g. ProxyCommand)")
    String sshCommonArgs;

    @Option(names = "--ssh-extra-args", description = "extra arguments only for ssh (e.g. -R)")
    String sshExtraArgs;

    @Option(names = {"-k", "--ask-pass"}, description = "ask for the connection password")
    boolean askPass;

    @Option(names = "--connection-password-file", description = "connection password file (or script printing it)")
    Path connectionPasswordFile;

    @Option(names = {"-b", "--become"}, description = "run operations with become")
    boolean become;

    @Option(names = "--become-user", description = "become this user (default root)")
    String becomeUser;

    @Option(names = "--become-method", description = "privilege escalation method (default sudo)")
    String becomeMethod;

    @Option(names = {"-C", "--check"}, description = "predict changes without making them")
    boolean check;

    @Option(names = {"-D", "--diff"}, description = "show differences in changed files")
    boolean diff;

    @Mixin
    VaultOptions vault = new VaultOptions();

    @Option(names = "-v", description = "verbose mode (-vvv for more)")
    boolean[] verbose = new boolean[0];

    int verbosity() {
        return verbose.length;
    }

    /** Combines flags with ansible.cfg and environment, flags winning. */
    RunOptions toRunOptions(AnsibleConfig cfg, boolean forceHandlers, Consumer<String> warnings, TagSelection tags) {
        if (forks != null && forks < 1) {
            throw new UsageException("The number of processes (--forks) must be >= 1");
        }
        List<String> inv = inventories.isEmpty() ? cfg.inventory().stream().map(Path::toString).toList() : inventories;
        // first: -e @file and everything after may be vaulted
        io.drover.vault.VaultSecrets secrets = vault.secrets(cfg, warnings);
        return RunOptions.builder()
                .vaultSecrets(secrets)
                .inventories(inv)
                .limit(limit)
                .extraVars(ExtraVars.parse(extraVars, Path.of("").toAbsolutePath(), secrets, warnings))
                .forks(forks != null ? forks : cfg.forks())
                .remoteUser(user != null ? user : cfg.remoteUser().orElse(null))
                .privateKey(privateKey != null ? privateKey : cfg.privateKeyFile().orElse(null))
                .connection(connection)
                .connectTimeout(timeout != null ? timeout : cfg.timeout())
                .become(become || cfg.become())
                .becomeUser(becomeUser != null ? becomeUser : cfg.becomeUser())
                .becomeMethod(becomeMethod != null ? becomeMethod : cfg.becomeMethod())
                .check(check)
                .diff(diff)
                .verbosity(verbosity())
                .forceHandlers(forceHandlers)
                .hostKeyChecking(cfg.hostKeyChecking())
                .sshArgs(cfg.sshArgs())
                .tags(tags)
                .sshCommonArgs(sshCommonArgs != null ? sshCommonArgs : cfg.sshCommonArgs().orElse(null))
                .sshExtraArgs(sshExtraArgs != null ? sshExtraArgs : cfg.sshExtraArgs().orElse(null))
                .remotePort(cfg.remotePort().orElse(null))
                .connectionPassword(connectionPassword())
                .build();
    }

    /** {@code -k} prompts without echo as ansible does; a password file is read, or run when executable. */
    private String connectionPassword() {
        if (connectionPasswordFile != null) {
            return passwordFromFile(connectionPasswordFile);
        }
        if (askPass) {
            java.io.Console console = System.console();
            if (console == null) {
                throw new UsageException("--ask-pass needs a terminal to prompt on; use --connection-password-file");
            }
            char[] pw = console.readPassword("SSH password: ");
            return pw == null ? "" : new String(pw);
        }
        return null;
    }

    /** As ansible-core: {@code -} reads stdin, an executable file is run for its output, else the file is read. */
    private static String passwordFromFile(Path file) {
        try {
            String text;
            if (file.toString().equals("-")) {
                text = new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } else if (!java.nio.file.Files.exists(file)) {
                throw new UsageException("The password file " + file + " was not found");
            } else if (java.nio.file.Files.isExecutable(file) && !java.nio.file.Files.isDirectory(file)) {
                Process p = new ProcessBuilder(file.toAbsolutePath().toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new UsageException("The password script " + file + " returned non-zero (" + p.exitValue() + ")");
                }
            } else {
                text = java.nio.file.Files.readString(file);
            }
            return text.strip();
        } catch (java.io.IOException e) {
            throw new UsageException("Could not read password file " + file + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("Interrupted while reading password file " + file);
        }
    }
}
