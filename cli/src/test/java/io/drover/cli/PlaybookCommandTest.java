package io.drover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end on local-connection hosts (real /bin/sh processes): exit codes, error reports and the
 * ansible-playbook output layout. Expected texts were recorded from ansible-playbook 2.14.
 */
class PlaybookCommandTest {

    @TempDir
    Path dir;

    private static CliRun drover(String... args) {
        return CliRun.of(args);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path inventory() throws IOException {
        return write("inv.ini", "[web]\nw1 ansible_connection=local\nw2 ansible_connection=local\n"
                + "[db]\nd1 ansible_connection=local\n");
    }

    private static final String PLAYBOOK = """
            - name: First play
              hosts: web
              gather_facts: false
              tasks:
                - name: say hi
                  debug: msg=hi
                - command: echo x
                  tags: [b, a]
                  notify: [second, first]
                - block:
                    - name: inner
                      debug: msg=in
              handlers:
                - name: first
                  command: echo first
                - name: second
                  command: echo second
            - hosts: all:!web
              gather_facts: false
              tasks:
                - ping:
            """;

    @Test
    void runsAPlaybookAndPrintsAnsiblesLayout() throws IOException {
        CliRun r = drover("playbook", "-i", inventory().toString(), write("pb.yml", PLAYBOOK).toString());
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("\nPLAY [First play] **************************************************************\n"), out);
        assertTrue(out.contains("\nTASK [command] *****************************************************************\n"), out);
        // Handlers run in definition order, not notification order.
        assertTrue(out.indexOf("RUNNING HANDLER [first]") < out.indexOf("RUNNING HANDLER [second]"), out);
        assertTrue(out.contains("\nPLAY [all:!web] ****************************************************************\n"), out);
        assertTrue(out.endsWith("""
                PLAY RECAP *********************************************************************
                d1                         : ok=1    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   \s
                w1                         : ok=5    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   \s
                w2                         : ok=5    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   \s

                """.replace("   \s\n", "   \n")), out);
    }

    @Test
    void listTasksAndSyntaxCheckMatchAnsiblePlaybook() throws IOException {
        Path pb = write("pb.yml", PLAYBOOK);
        CliRun tasks = drover("playbook", "-i", inventory().toString(), pb.toString(), "--list-tasks");
        assertEquals(0, tasks.exit(), tasks.err());
        assertEquals("\nplaybook: " + pb + "\n\n"
                + "  play #1 (web): First play\tTAGS: []\n    tasks:\n      say hi\tTAGS: []\n"
                + "      command\tTAGS: [a, b]\n      inner\tTAGS: []\n\n"
                + "  play #2 (all:!web): all:!web\tTAGS: []\n    tasks:\n      ping\tTAGS: []\n", tasks.out());
        CliRun syntax = drover("playbook", "-i", inventory().toString(), pb.toString(), "--syntax-check");
        assertEquals(0, syntax.exit());
        assertEquals("\nplaybook: " + pb + "\n", syntax.out());
    }

    @Test
    void exitCodesFollowAnsiblePlaybook() throws IOException {
        String inv = inventory().toString();
        Path pb = write("pb.yml", PLAYBOOK);
        assertEquals(2, drover("playbook", "-i", inv, "-f", "0", pb.toString()).exit(), "bad option value");
        assertEquals(2, drover("playbook", "-i", inv, "--bogus", pb.toString()).exit(), "unknown option");
        CliRun missing = drover("playbook", "-i", inv, dir.resolve("nope.yml").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("could not be found"), missing.err());
        CliRun noHosts = drover("playbook", "-i", inv, "-l", "nohost", pb.toString());
        assertEquals(1, noHosts.exit());
        assertTrue(noHosts.err().contains("leaves us with no hosts to target"), noHosts.err());
        CliRun failed = drover("playbook", "-i", inv, write("fail.yml", """
                - hosts: web
                  gather_facts: false
                  tasks:
                    - command: /bin/false
                      when: inventory_hostname == 'w2'
                """).toString());
        assertEquals(2, failed.exit(), failed.out());
        assertTrue(failed.out().contains("fatal: [w2]: FAILED! => {\"changed\": true, \"cmd\": [\"/bin/false\"]"), failed.out());
    }

    @Test
    void brokenInputNamesFileLineAndRunsNothing() throws IOException {
        String inv = inventory().toString();
        Path bad = write("bad.yml", "- hosts: web\n  tasks:\n    - debug:\n        msg: {{ nope }}\n");
        CliRun yaml = drover("playbook", "-i", inv, bad.toString());
        assertEquals(4, yaml.exit());
        assertTrue(yaml.err().contains("ERROR! ") && yaml.err().contains(bad.toString()) && yaml.err().contains("line 4"),
                yaml.err());
        assertEquals("", yaml.out());
        Path unknownArg = write("arg.yml", "- hosts: web\n  gather_facts: false\n  tasks:\n    - name: t\n      command: echo\n      args:\n        bogus: 1\n");
        CliRun args = drover("playbook", "-i", inv, unknownArg.toString());
        assertEquals(2, args.exit(), args.err());
        assertTrue(args.err().contains("Unsupported parameters for (command) module: bogus"), args.err());
        assertEquals("", args.out());
    }
}
