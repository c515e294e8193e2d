package io.drover.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Makes test data with the real {@code ansible-vault} (ansible-core 2.14), so Drover is checked against Ansible. */
final class AnsibleVaultCli {

    private final Path dir;

    AnsibleVaultCli(Path dir) {
        this.dir = dir;
    }

    /** A password file holding {@code password} and a newline, as people write them. */
    Path passwordFile(String name, String password) throws IOException {
        return Files.writeString(dir.resolve(name), password + "\n");
    }

    /** {@code ansible-vault encrypt_string}: the bare vaulted text (no {@code !vault |}, no indentation). */
    String encryptString(String plaintext, String vaultId, Path passwordFile) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ansible-vault", "encrypt_string", "--encrypt-vault-id",
                vaultId == null ? "default" : vaultId, "--vault-id", (vaultId == null ? "" : vaultId + "@") + passwordFile));
        cmd.add(plaintext);
        String out = run(cmd);
        return out.replaceFirst("^!vault \\|\\s*\n", "").lines().map(String::strip).reduce((a, b) -> a + "\n" + b)
                .orElseThrow() + "\n";
    }

    /** {@code ansible-vault encrypt} of a new file with {@code content}; returns the file. */
    Path encryptFile(String name, String content, String vaultId, Path passwordFile) throws IOException {
        Path f = Files.writeString(dir.resolve(name), content);
        run(List.of("ansible-vault", "encrypt", "--encrypt-vault-id", vaultId == null ? "default" : vaultId,
                "--vault-id", (vaultId == null ? "" : vaultId + "@") + passwordFile, f.toString()));
        return f;
    }

    private String run(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(cmd + " failed (its error is in the test log): " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
