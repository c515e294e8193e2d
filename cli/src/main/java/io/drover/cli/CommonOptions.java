package io.drover.cli;

import io.drover.api.ExtraVars;
import io.drover.api.RunOptions;
import io.drover.config.AnsibleConfig;
import io.drover.exec.TagSelection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
        return RunOptions.builder()
                .inventories(inv)
                .limit(limit)
                .extraVars(ExtraVars.parse(extraVars, Path.of("").toAbsolutePath(), warnings))
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
                .build();
    }
}
