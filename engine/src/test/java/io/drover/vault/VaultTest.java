package io.drover.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decrypts what ansible-vault 2.14 encrypted at test time; messages are ansible-core's. */
class VaultTest {

    @TempDir
    Path dir;
    AnsibleVaultCli ansible;
    Path pw;

    @BeforeEach
    void setUp() throws IOException {
        ansible = new AnsibleVaultCli(dir);
        pw = ansible.passwordFile("pw", "s3cret");
    }

    @Test
    void decryptsFormat11Strings() throws IOException {
        String text = ansible.encryptString("hello wörld", null, pw);
        assertTrue(text.startsWith("$ANSIBLE_VAULT;1.1;AES256\n"), text);
        assertEquals("hello wörld", new Vault(VaultSecrets.password("s3cret")).decryptText(text, null));
    }

    @Test
    void decryptsWholeFilesOfEveryLengthOfPadding() throws IOException {
        for (int n : new int[] {0, 1, 15, 16, 17, 100}) {
            String content = "k: '" + "x".repeat(n) + "'\n";
            Path f = ansible.encryptFile("f" + n + ".yml", content, null, pw);
            byte[] data = Files.readAllBytes(f);
            assertTrue(Vault.isEncrypted(data));
            assertArrayEquals(content.getBytes(StandardCharsets.UTF_8),
                    new Vault(VaultSecrets.password("s3cret")).decrypt(data, f.toString()), "length " + n);
        }
    }

    @Test
    void format12PrefersTheLabelledSecretButTriesAllOthers() throws IOException {
        Path devPw = ansible.passwordFile("dev-pw", "dev-pass");
        String text = ansible.encryptString("for dev", "dev", devPw);
        assertTrue(text.startsWith("$ANSIBLE_VAULT;1.2;AES256;dev\n"), text);
        VaultSecrets labelled = VaultSecrets.of(VaultSecret.of("default", "wrong"), VaultSecret.of("dev", "dev-pass"));
        assertEquals("for dev", new Vault(labelled).decryptText(text, null));
        assertEquals(java.util.List.of("dev", "default"),
                labelled.candidates("dev").stream().map(VaultSecret::vaultId).toList());
        // the label is only a hint (vault_id_match is off by default): a password under another label works too
        assertEquals("for dev", new Vault(VaultSecrets.of(VaultSecret.of("prod", "dev-pass"))).decryptText(text, null));
    }

    @Test
    void wrongPasswordsNameTheFile() throws IOException {
        Path f = ansible.encryptFile("v.yml", "a: 1\n", null, pw);
        VaultException e = assertThrows(VaultException.class,
                () -> new Vault(VaultSecrets.of(VaultSecret.of("a", "no"), VaultSecret.of("b", "nope")))
                        .decrypt(Files.readAllBytes(f), f.toString()));
        assertEquals("Decryption failed (no vault secrets were found that could decrypt) on " + f, e.getMessage());
        assertEquals(f.toString(), e.file());
        assertEquals(1, e.kind().exitCode());
        VaultException inline = assertThrows(VaultException.class,
                () -> new Vault(VaultSecrets.password("no")).decryptText(ansible.encryptString("x", null, pw), null));
        assertEquals("Decryption failed (no vault secrets were found that could decrypt)", inline.getMessage());
    }

    @Test
    void noSecretsAtAll() throws IOException {
        String text = ansible.encryptString("x", null, pw);
        VaultException e = assertThrows(VaultException.class, () -> new Vault(VaultSecrets.none()).decryptText(text, null));
        assertEquals("Attempting to decrypt but no vault secrets found", e.getMessage());
    }

    @Test
    void aTamperedCiphertextFailsTheHmacCheck() throws IOException {
        String text = ansible.encryptString("attack at dawn", null, pw);
        String[] lines = text.split("\n");
        StringBuilder hex = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            hex.append(lines[i]);
        }
        String[] inner = new String(HexFormat.of().parseHex(hex.toString()), StandardCharsets.US_ASCII).split("\n");
        char[] cipher = inner[2].toCharArray();
        cipher[0] = cipher[0] == '0' ? '1' : '0';
        String tampered = lines[0] + "\n" + HexFormat.of().formatHex(
                (inner[0] + "\n" + inner[1] + "\n" + new String(cipher)).getBytes(StandardCharsets.US_ASCII));
        VaultException e = assertThrows(VaultException.class,
                () -> new Vault(VaultSecrets.password("s3cret")).decryptText(tampered, "t.yml"));
        assertEquals("Decryption failed (no vault secrets were found that could decrypt) on t.yml", e.getMessage());
    }

    @Test
    void malformedEnvelopes() {
        Vault vault = new Vault(VaultSecrets.password("s3cret"));
        assertEquals("Vault format unhexlify error: Odd-length string",
                assertThrows(VaultException.class, () -> vault.decryptText("$ANSIBLE_VAULT;1.1;AES256\nabc", null)).getMessage());
        assertEquals("Vault format unhexlify error: Non-hexadecimal digit found",
                assertThrows(VaultException.class, () -> vault.decryptText("$ANSIBLE_VAULT;1.1;AES256\nzz", null)).getMessage());
        assertEquals("AES128 cipher could not be found",
                assertThrows(VaultException.class, () -> vault.decryptText("$ANSIBLE_VAULT;1.1;AES128\n00", null)).getMessage());
        assertEquals("input is not vault encrypted data. f is not a vault encrypted file",
                assertThrows(VaultException.class, () -> vault.decryptText("plain", "f")).getMessage());
        assertFalse(Vault.isEncrypted(" $ANSIBLE_VAULT;1.1;AES256"));
    }

    @Test
    void secretsNeverShowTheirPasswords() {
        VaultSecrets s = VaultSecrets.of(VaultSecret.of("dev", "hunter2"));
        assertFalse(s.toString().contains("hunter2"));
        assertTrue(s.toString().contains("dev"));
    }

    @Test
    void yamlLoaderDecryptsWholeFilesAndKeepsInlineValuesLazy() throws IOException {
        Path whole = ansible.encryptFile("whole.yml", "a: 1\nb: [x]\n", null, pw);
        io.drover.yaml.YamlLoader loader = new io.drover.yaml.YamlLoader(w -> { }, new Vault(VaultSecrets.password("s3cret")));
        assertEquals(java.util.Map.of("a", 1, "b", java.util.List.of("x")), loader.load(whole).data());

        String inline = "secret: !vault |\n  " + ansible.encryptString("shh", null, pw).strip().replace("\n", "\n  ") + "\n";
        Path file = Files.writeString(dir.resolve("inline.yml"), inline);
        // without passwords the file still loads; only using the value fails
        Object value = ((java.util.Map<?, ?>) new io.drover.yaml.YamlLoader(w -> { }).load(file).data()).get("secret");
        io.drover.yaml.YamlLoader.VaultText text = (io.drover.yaml.YamlLoader.VaultText) value;
        assertEquals("Attempting to decrypt but no vault secrets found",
                assertThrows(VaultException.class, text::plaintext).getMessage());
        assertFalse(text.toString().contains("shh"));
        Object decrypted = ((java.util.Map<?, ?>) loader.load(file).data()).get("secret");
        assertEquals("shh", ((io.drover.yaml.YamlLoader.VaultText) decrypted).plaintext());

        VaultException e = assertThrows(VaultException.class, () -> new io.drover.yaml.YamlLoader(w -> { }).load(whole));
        assertEquals("Attempting to decrypt but no vault secrets found", e.getMessage());
    }
}
