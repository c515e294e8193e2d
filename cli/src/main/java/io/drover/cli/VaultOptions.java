package io.drover.cli;

import io.drover.config.AnsibleConfig;
import io.drover.vault.VaultPasswords;
import io.drover.vault.VaultSecrets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** ansible-core's vault flags, shared by every command that reads playbooks, inventories or variables. */
final class VaultOptions {

    @Option(names = "--vault-id", description = "the vault identity to use: [label@]file, or [label@]prompt; repeatable")
    List<String> vaultIds = new ArrayList<>();

    @Option(names = {"--vault-password-file", "--vault-pass-file"},
            description = "vault password file (run when executable); repeatable")
    List<String> passwordFiles = new ArrayList<>();

    @Option(names = {"-J", "--ask-vault-password", "--ask-vault-pass"}, description = "ask for vault password")
    boolean askVaultPass;

    /**
     * The run's vault passwords: ansible.cfg's vault_identity_list, then --vault-id, then --vault-password-file and
     * ansible.cfg's vault_password_file, then the prompt — read once, before anything else is loaded.
     */
    VaultSecrets secrets(AnsibleConfig cfg, Consumer<String> warnings) {
        List<String> ids = new ArrayList<>(cfg.vaultIdentityList());
        ids.addAll(vaultIds);
        List<String> files = new ArrayList<>(passwordFiles);
        cfg.vaultPasswordFile().ifPresent(f -> files.add(f.toString()));
        return new VaultPasswords(Path.of("").toAbsolutePath(), VaultOptions::prompt, warnings)
                .load(ids, files, askVaultPass || cfg.askVaultPass());
    }

    /** No echo on a terminal; without one, a line from stdin (what Python's getpass falls back to). */
    private static String prompt(String text) {
        java.io.Console console = System.console();
        if (console != null) {
            char[] pw = console.readPassword("%s", text);
            return pw == null ? null : new String(pw);
        }
        System.err.print(text);
        System.err.flush();
        try {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
