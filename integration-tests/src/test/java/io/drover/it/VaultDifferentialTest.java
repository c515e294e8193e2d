package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ansible Vault: the same playbook run by ansible-playbook and by Drover on the fleet, each into its own per-host
 * directory ({@code /tmp/vault-ansible}, {@code /tmp/vault-drover}). The vaulted data is made by ansible-vault when
 * the test starts: a whole-file vaulted vars_file and group_vars file, an inline {@code !vault} value (used in a
 * template, copy content, debug and a condition; its plaintext has braces that must not be templated) and a vaulted
 * copy src. Compared: recaps, changed tasks, debug output and the written trees, first and second run, with
 * {@code --vault-password-file} and with {@code --vault-id label@file}; and runs without or with a wrong password
 * fail alike (message and exit code).
 */
@ExtendWith(FleetExtension.class)
class VaultDifferentialTest {

    private static final Path RESOURCES = Fleet.repoRoot().resolve("integration-tests/src/test/resources/vault");
    private static final Path WORK = Fleet.repoRoot().resolve("integration-tests/target/vault-work");
    private static final Path PLAYBOOK = WORK.resolve("vault.yml");

    private static String out(PlaybookRunner runner) {
        return "/tmp/vault-" + runner.name();
    }

    private static ProcessResult run(PlaybookRunner runner, String... extra) {
        List<String> args = new ArrayList<>(List.of("-e", "out=" + out(runner)));
        args.addAll(List.of(extra));
        return runner.playbook(runner.fleet().inventory(), PLAYBOOK, args);
    }

    private static String sh(String script) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", script).directory(WORK.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), script + ": " + output);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void encrypt() throws IOException {
        FileModulesDifferentialTest.deleteTree(WORK);
        Files.createDirectories(WORK.resolve("group_vars"));
        Files.createDirectories(WORK.resolve("files"));
        Files.createDirectories(WORK.resolve("templates"));
        Files.copy(RESOURCES.resolve("vault.yml"), PLAYBOOK);
        Files.copy(RESOURCES.resolve("templates/page.j2"), WORK.resolve("templates/page.j2"));
        Files.writeString(WORK.resolve("pw"), "fleet vault pass\n");
        Files.writeString(WORK.resolve("wrong"), "not the pass\n");
        Files.writeString(WORK.resolve("secrets.yml"), """
                db_password: "db-pa55"
                raw_braces: "{{ '{{' }} kept"
                nested:
                  inner: deep-value
                """);
        Files.writeString(WORK.resolve("group_vars/fleet.yml"), "group_secret: fleet-only\n");
        Files.writeString(WORK.resolve("files/secret.txt"), "line one\nline two\n");
        sh("ansible-vault encrypt --vault-password-file pw secrets.yml group_vars/fleet.yml files/secret.txt");
        // a whole vaulted file's values are templated like any others; an inline value's braces stay as they are
        sh("ansible-vault encrypt_string --vault-id ops@pw --encrypt-vault-id ops 'tok-{{ 42 }}' --name api_token"
                + " > inline.yml");
        assertTrue(Files.readString(WORK.resolve("inline.yml")).contains("$ANSIBLE_VAULT;1.2;AES256;ops"));
    }

    @Test
    void passwordFileRunsMatchAnsible(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        compareRuns(fleet, ansible, drover, "--vault-password-file", WORK.resolve("pw").toString());
    }

    @Test
    void labelledVaultIdRunsMatchAnsible(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) {
        compareRuns(fleet, ansible, drover, "--vault-id", "wrong@" + WORK.resolve("wrong"),
                "--vault-id", "ops@" + WORK.resolve("pw"));
    }

    private static void compareRuns(Fleet fleet, AnsibleRunner ansible, DroverRunner drover, String... vault) {
        for (PlaybookRunner r : List.of(ansible, drover)) {
            for (Fleet.Host h : fleet.hosts()) {
                FileModulesDifferentialTest.deleteTree(fleet.hostPath(h.name(), out(r)));
            }
        }
        for (int round = 1; round <= 2; round++) {
            ProcessResult a = run(ansible, vault);
            ProcessResult d = run(drover, vault);
            assertEquals(0, a.exitCode(), a.describe());
            assertEquals(0, d.exitCode(), d.describe());
            assertEquals(RecapParser.parse(a.stdout()), RecapParser.parse(d.stdout()), "round " + round + d.describe());
            assertEquals(FileModulesDifferentialTest.changedTasks(a.stdout()),
                    FileModulesDifferentialTest.changedTasks(d.stdout()), "round " + round + d.describe());
            List<String> msgs = messages(a.stdout());
            assertTrue(msgs.contains("\"msg\": \"db-pa55 / fleet-only / tok-{{ 42 }} / deep-value\""), a.describe());
            assertEquals(msgs, messages(d.stdout()), d.describe());
            for (Fleet.Host h : fleet.hosts()) {
                Map<String, String> expected = FileModulesDifferentialTest.tree(fleet.hostPath(h.name(), out(ansible)));
                assertFalse(expected.isEmpty(), "ansible wrote nothing on " + h.name());
                assertEquals(expected, FileModulesDifferentialTest.tree(fleet.hostPath(h.name(), out(drover))), h.name());
            }
        }
    }

    @Test
    void missingOrWrongPasswordsFailAlike(AnsibleRunner ansible, DroverRunner drover) {
        List<String[]> cases = List.of(new String[0],
                new String[] {"--vault-password-file", WORK.resolve("wrong").toString()},
                new String[] {"--vault-id", "ops@" + WORK.resolve("wrong")});
        for (String[] vault : cases) {
            ProcessResult a = run(ansible, vault);
            ProcessResult d = run(drover, vault);
            assertTrue(a.exitCode() != 0, a.describe());
            assertEquals(a.exitCode(), d.exitCode(), d.describe());
            assertEquals(errors(a.stderr()), errors(d.stderr()), d.describe());
            assertFalse(errors(a.stderr()).isEmpty(), a.describe());
            // the vaulted vars_file stops both before the play starts: nothing on stdout, no recap
            assertEquals(a.stdout().replace(out(ansible), "OUT"), d.stdout().replace(out(drover), "OUT"), d.describe());
        }
    }

    /** The sorted {@code "msg": ...} lines that debug printed (hosts finish in any order). */
    private static List<String> messages(String stdout) {
        return stdout.lines().map(String::strip).filter(l -> l.startsWith("\"msg\": ")).sorted().toList();
    }

    private static List<String> errors(String stderr) {
        return stderr.lines().filter(l -> l.startsWith("ERROR!")).toList();
    }
}
