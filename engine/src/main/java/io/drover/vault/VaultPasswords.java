package io.drover.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns ansible-core's password sources into {@link VaultSecrets}: {@code --vault-id [label@]source} (ansible.cfg's
 * {@code vault_identity_list} first), {@code --vault-password-file} / {@code vault_password_file} and
 * {@code --ask-vault-pass}.
 *
 * <p>A source is {@code prompt} (asks "Vault password (label): "), an executable file (run; its stdout, without
 * trailing newlines, is the password; a name ending in {@code -client} is a client script and gets
 * {@code --vault-id label}), or a plain file (its content, whitespace stripped; itself vaulted with an earlier
 * password is allowed). A source that fails is reported as a warning and skipped; the run fails only when none
 * worked, with the last error — all as ansible-core does.
 */
public final class VaultPasswords {

    /** Asks for a password without echo; returns null at end of input. */
    @FunctionalInterface
    public interface Prompt {
        String ask(String prompt);
    }

    private static final String ASK_VAULT_PASS = "prompt_ask_vault_pass";

    private final Path cwd;
    private final Prompt prompt;
    private final Consumer<String> warnings;

    public VaultPasswords(Path cwd, Prompt prompt, Consumer<String> warnings) {
        this.cwd = cwd;
        this.prompt = prompt;
        this.warnings = warnings;
    }

    /**
     * Reads every source in ansible-core's order: {@code vaultIds} (configured identity list, then
     * {@code --vault-id}), then {@code passwordFiles} as {@code default@file}, then the {@code --ask-vault-pass}
     * prompt.
     */
    public VaultSecrets load(List<String> vaultIds, List<String> passwordFiles, boolean askVaultPass) {
        List<String> slugs = new ArrayList<>(vaultIds);
        for (String f : passwordFiles) {
            slugs.add(VaultSecret.DEFAULT_ID + "@" + f);
        }
        if (askVaultPass) {
            slugs.add(VaultSecret.DEFAULT_ID + "@" + ASK_VAULT_PASS);
        }
        VaultSecrets secrets = VaultSecrets.none();
        VaultException last = null;
        boolean found = false;
        for (String slug : slugs) {
            int at = slug.indexOf('@');
            String label = at < 0 ? null : slug.substring(0, at);
            String source = at < 0 ? slug : slug.substring(at + 1);
            if (source.equals("prompt") || source.equals(ASK_VAULT_PASS)) {
                String id = label == null || label.isEmpty() ? VaultSecret.DEFAULT_ID : label;
                try {
                    secrets = secrets.plus(new VaultSecret(id, ask(source.equals("prompt")
                            ? "Vault password (" + id + "): " : "Vault password: ", id)));
                } catch (VaultException e) {
                    warnings.accept("Error in vault password prompt (" + label + "): " + e.getMessage());
                    throw e;
                }
                found = true;
                continue;
            }
            try {
                secrets = secrets.plus(new VaultSecret(label, fromFile(source, label, secrets)));
                found = true;
            } catch (VaultException e) {
                warnings.accept((e.file() == null ? "Error getting vault password file (" : "Error in vault password file loading (")
                        + label + "): " + e.getMessage());
                last = e;
            }
        }
        if (last != null && !found) {
            throw last;
        }
        return secrets;
    }

    private byte[] ask(String text, String id) {
        String answer = prompt.ask(text);
        if (answer == null) {
            throw new VaultException("EOFError (ctrl-d) on prompt for (" + id + ")", null);
        }
        byte[] pw = answer.strip().getBytes(StandardCharsets.UTF_8);
        if (answer.isEmpty()) {
            throw new VaultException("Invalid vault password was provided", null);
        }
        return pw;
    }

    /**
     * A password file's or script's password. A {@link VaultException} whose {@code file} is null means the source
     * could not be found at all (ansible-core words the warning differently then).
     */
    private byte[] fromFile(String source, String label, VaultSecrets earlier) {
        Path path = resolve(source);
        String shown = path.toString();
        if (!Files.exists(path)) {
            throw new VaultException("The vault password file " + shown + " was not found", null);
        }
        byte[] pw;
        String kind;
        if (Files.isExecutable(path) && !Files.isDirectory(path)) {
            kind = "script";
            pw = stripNewlines(run(path, label));
        } else {
            kind = "file";
            byte[] data;
            try {
                data = Files.readAllBytes(path);
            } catch (IOException e) {
                throw new VaultException("Could not read vault password file " + shown + ": " + e.getMessage(), shown);
            }
            data = stripWhitespace(data);
            if (Vault.isEncrypted(data)) {
                data = new Vault(earlier).decrypt(data, shown);
            }
            pw = stripNewlines(data);
        }
        if (pw.length == 0) {
            throw new VaultException("Invalid vault password was provided from " + kind + " (" + shown + ")", shown);
        }
        return pw;
    }

    private byte[] run(Path script, String label) {
        String stem = script.getFileName().toString();
        int dot = stem.lastIndexOf('.');
        boolean client = (dot > 0 ? stem.substring(0, dot) : stem).endsWith("-client");
        List<String> command = new ArrayList<>(List.of(script.toString()));
        if (client && label != null) {
            command.addAll(List.of("--vault-id", label));
        }
        String shown = script.toString();
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
            // A plain script may prompt on stderr, so it goes to the terminal; a client script's is reported.
            if (!client) {
                pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            }
            Process p = pb.start();
            byte[] out;
            byte[] err;
            try (var stdout = p.getInputStream(); var stderr = p.getErrorStream()) {
                out = stdout.readAllBytes();
                err = client ? stderr.readAllBytes() : null;
            }
            int rc = p.waitFor();
            if (client && rc == 2) {
                throw new VaultException("Vault password client script " + shown + " did not find a secret for vault-id="
                        + label + ": " + pyBytes(err), shown);
            }
            if (rc != 0) {
                throw new VaultException(client
                        ? "Vault password client script " + shown + " returned non-zero (" + rc
                                + ") when getting secret for vault-id=" + label + ": " + pyBytes(err)
                        : "Vault password script " + shown + " returned non-zero (" + rc + "): None", shown);
            }
            return out;
        } catch (IOException e) {
            throw new VaultException("Problem running vault password " + (client ? "client " : "") + "script " + shown
                    + " (" + e.getMessage() + "). If this is not a script, remove the executable bit from the file.", shown);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException("Interrupted while running vault password script " + shown, shown);
        }
    }

    /** Like ansible-core's unfrackpath: ~ expanded, relative to the working directory, normalised, links kept. */
    private Path resolve(String source) {
        String s = source;
        if (s.equals("~") || s.startsWith("~/")) {
            s = System.getProperty("user.home") + s.substring(1);
        }
        return cwd.resolve(s).toAbsolutePath().normalize();
    }

    private static String pyBytes(byte[] b) {
        return "b'" + new String(b, StandardCharsets.UTF_8).replace("\\", "\\\\").replace("'", "\\'")
                .replace("\n", "\\n") + "'";
    }

    /** Python's {@code bytes.strip()}: ASCII whitespace at both ends. */
    private static byte[] stripWhitespace(byte[] b) {
        int from = 0;
        int to = b.length;
        while (from < to && isSpace(b[from])) {
            from++;
        }
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        return Arrays.copyOfRange(b, from, to);
    }

    /** Python's {@code bytes.strip(b'\r\n')}. */
    private static byte[] stripNewlines(byte[] b) {
        int from = 0;
        int to = b.length;
        while (from < to && (b[from] == '\r' || b[from] == '\n')) {
            from++;
        }
        while (to > from && (b[to - 1] == '\r' || b[to - 1] == '\n')) {
            to--;
        }
        return Arrays.copyOfRange(b, from, to);
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }
}
