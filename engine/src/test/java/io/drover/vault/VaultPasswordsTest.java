package io.drover.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password sources as ansible-core reads them; every password is proved by decrypting ansible-vault's output. */
class VaultPasswordsTest {

    @TempDir
    Path dir;
    final List<String> warnings = new ArrayList<>();
    final List<String> prompts = new ArrayList<>();

    private VaultPasswords passwords(String answer) {
        return new VaultPasswords(dir, p -> {
            prompts.add(p);
            return answer;
        }, warnings::add);
    }

    private Path script(String name, String body) throws IOException {
        Path s = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    private static String decrypt(VaultSecrets secrets, String text) {
        return new Vault(secrets).decryptText(text, null);
    }

    @Test
    void passwordFilesScriptsAndLabels() throws IOException {
        AnsibleVaultCli ansible = new AnsibleVaultCli(dir);
        Path pw = ansible.passwordFile("pw", "  padded  ");
        String plain = ansible.encryptString("one", null, pw);
        Path devPw = ansible.passwordFile("dev.txt", "dev-pass");
        String dev = ansible.encryptString("two", "dev", devPw);

        // a file's whitespace is stripped; relative names are taken from the working directory
        VaultSecrets fromFile = passwords(null).load(List.of(), List.of("pw"), false);
        assertEquals("default", fromFile.secrets().getFirst().vaultId());
        assertEquals("one", decrypt(fromFile, plain));

        // an executable file is run and only its trailing newlines are dropped
        script("get-pass.sh", "printf 'dev-pass\\n\\n'");
        VaultSecrets fromScript = passwords(null).load(List.of("dev@get-pass.sh"), List.of(), false);
        assertEquals("dev", fromScript.secrets().getFirst().vaultId());
        assertEquals("two", decrypt(fromScript, dev));

        // a *-client script is asked for the label
        script("keyring-client.sh", "[ \"$1 $2\" = '--vault-id dev' ] && echo dev-pass || exit 2");
        assertEquals("two", decrypt(passwords(null).load(List.of("dev@keyring-client.sh"), List.of(), false), dev));
        assertEquals(List.of(), warnings);
    }

    @Test
    void promptsAsAnsibleDoes() throws IOException {
        AnsibleVaultCli ansible = new AnsibleVaultCli(dir);
        String text = ansible.encryptString("p", null, ansible.passwordFile("pw", "typed"));
        VaultSecrets s = passwords("typed").load(List.of("ops@prompt"), List.of(), true);
        assertEquals(List.of("Vault password (ops): ", "Vault password: "), prompts);
        assertEquals(List.of("ops", "default"), s.secrets().stream().map(VaultSecret::vaultId).toList());
        assertEquals("p", decrypt(s, text));
        assertEquals("EOFError (ctrl-d) on prompt for (default)",
                assertThrows(VaultException.class, () -> passwords(null).load(List.of(), List.of(), true)).getMessage());
    }

    @Test
    void aBrokenSourceIsAWarningWhileAnotherWorks() throws IOException {
        Files.writeString(dir.resolve("good"), "x\n");
        script("fails.sh", "exit 3");
        VaultSecrets s = passwords(null).load(List.of("a@missing", "b@fails.sh"), List.of("good"), false);
        assertEquals(List.of("default"), s.secrets().stream().map(VaultSecret::vaultId).toList());
        assertEquals(List.of("Error getting vault password file (a): The vault password file " + dir.resolve("missing")
                        + " was not found",
                "Error in vault password file loading (b): Vault password script " + dir.resolve("fails.sh")
                        + " returned non-zero (3): None"), warnings);
    }

    @Test
    void whenNoSourceWorksTheLastErrorEndsTheRun() throws IOException {
        Files.writeString(dir.resolve("empty"), "\n\n");
        VaultException e = assertThrows(VaultException.class,
                () -> passwords(null).load(List.of(), List.of("missing", "empty"), false));
        assertEquals("Invalid vault password was provided from file (" + dir.resolve("empty") + ")", e.getMessage());
        assertEquals(1, e.kind().exitCode());
    }

    @Test
    void aPasswordFileMayItselfBeVaultedWithAnEarlierPassword() throws IOException {
        AnsibleVaultCli ansible = new AnsibleVaultCli(dir);
        Path outer = ansible.passwordFile("outer", "outer-pass");
        ansible.encryptFile("inner", "inner-pass\n", null, outer);
        String text = ansible.encryptString("deep", null, ansible.passwordFile("inner-plain", "inner-pass"));
        VaultSecrets s = passwords(null).load(List.of("o@outer", "i@inner"), List.of(), false);
        assertEquals("deep", new Vault(VaultSecrets.of(s.secrets().get(1))).decryptText(text, null));
    }
}
