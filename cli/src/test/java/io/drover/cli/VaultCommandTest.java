package io.drover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vaulted data end to end on local-connection hosts: a vaulted vars_file, a vaulted group_vars file and an inline
 * {@code !vault} variable, encrypted by ansible-vault at test time. Outputs and exit codes are ansible-playbook's.
 */
class VaultCommandTest {

    @TempDir
    Path dir;

    private static CliRun drover(String... args) {
        return CliRun.of(args);
    }

    /** Runs ansible-vault in the test directory and returns its stdout. */
    private String ansibleVault(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ansible-vault"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "ansible-vault " + cmd);
        return out;
    }

    Path playbook;
    Path inventory;
    Path out;

    @BeforeEach
    void setUp() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("pw"), "correct horse\n");
        Files.writeString(dir.resolve("wrong"), "battery staple\n");
        Files.writeString(dir.resolve("secrets.yml"), "file_secret: from-vars-file\n");
        ansibleVault("encrypt", "--vault-password-file", "pw", "secrets.yml");
        Files.createDirectories(dir.resolve("inv/group_vars"));
        Files.writeString(dir.resolve("inv/group_vars/web.yml"), "group_secret: from-group-vars\n");
        ansibleVault("encrypt", "--vault-password-file", "pw", "inv/group_vars/web.yml");
        inventory = Files.writeString(dir.resolve("inv/hosts.ini"), "[web]\nw1 ansible_connection=local\n");
        String inline = ansibleVault("encrypt_string", "--vault-password-file", "pw", "inline {{ not templated }}")
                .replace("\n", "\n  ");
        out = dir.resolve("out.txt");
        playbook = Files.writeString(dir.resolve("pb.yml"), """
                - hosts: web
                  gather_facts: false
                  vars_files: [secrets.yml]
                  vars:
                    inline_secret: %s
                  tasks:
                    - debug: msg="{{ file_secret }} {{ group_secret }}"
                    - debug: var=inline_secret
                    - copy:
                        content: "{{ inline_secret }}/{{ file_secret }}"
                        dest: %s
                """.formatted(inline.strip(), out));
    }

    @Test
    void decryptsWithAPasswordFile() throws IOException {
        CliRun r = drover("playbook", "-i", inventory.toString(), playbook.toString(), "--vault-password-file",
                dir.resolve("pw").toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("\"msg\": \"from-vars-file from-group-vars\""), r.out());
        assertTrue(r.out().contains("\"inline_secret\": \"inline {{ not templated }}\""), r.out());
        assertTrue(r.out().contains("w1                         : ok=3    changed=1"), r.out());
        assertEquals("inline {{ not templated }}/from-vars-file", Files.readString(out));
    }

    @Test
    void decryptsWithLabelledVaultIds() {
        CliRun r = drover("playbook", "-i", inventory.toString(), playbook.toString(), "--vault-id",
                "wrong@" + dir.resolve("wrong"), "--vault-id", "ops@" + dir.resolve("pw"));
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("\"msg\": \"from-vars-file from-group-vars\""), r.out());
    }

    @Test
    void withoutAPasswordTheVaultedVarsFileStopsTheRun() {
        CliRun r = drover("playbook", "-i", inventory.toString(), playbook.toString());
        assertEquals(1, r.exit(), r.err() + r.out());
        assertTrue(r.err().contains("ERROR! Attempting to decrypt but no vault secrets found"), r.err());
    }

    @Test
    void aWrongPasswordNamesTheFile() {
        CliRun r = drover("playbook", "-i", inventory.toString(), playbook.toString(), "--vault-password-file",
                dir.resolve("wrong").toString());
        assertEquals(1, r.exit(), r.err() + r.out());
        assertTrue(r.err().contains("ERROR! Decryption failed (no vault secrets were found that could decrypt) on "
                + dir.resolve("secrets.yml")), r.err());
    }

    @Test
    void anInlineValueFailsOnlyTheTaskThatUsesIt() throws IOException {
        Path pb = Files.writeString(dir.resolve("inline.yml"), Files.readString(playbook)
                .replace("  vars_files: [secrets.yml]\n", "")
                .replace("    - debug: msg=\"{{ file_secret }} {{ group_secret }}\"\n", "    - debug: msg=before\n"));
        // an inventory without the vaulted group_vars
        Path plain = Files.writeString(dir.resolve("plain.ini"), "[web]\nw1 ansible_connection=local\n");
        CliRun r = drover("playbook", "-i", plain.toString(), pb.toString());
        assertEquals(2, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("\"msg\": \"before\""), r.out());
        assertTrue(r.out().contains("fatal: [w1]: FAILED! => {\"msg\": \"Attempting to decrypt but no vault secrets found\"}"),
                r.out());
        assertTrue(r.out().contains("w1                         : ok=1    changed=0    unreachable=0    failed=1"), r.out());
    }
}
