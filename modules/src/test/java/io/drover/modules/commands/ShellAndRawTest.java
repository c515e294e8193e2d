package io.drover.modules.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.modules.ShellModuleContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** shell and raw against a real /bin/sh; expected values were checked on ansible-core 2.14. */
class ShellAndRawTest {

    @TempDir
    Path dir;

    private static Map<String, Object> runOnce(ShellModuleContext ctx) {
        Map<String, Object> r = ctx.run().data();
        assertEquals(1, ctx.execCount(), "one round trip per task");
        return r;
    }

    private static ShellModuleContext shell(Object... kv) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        return ShellModuleContext.of(new ShellModule(), args).env("HOME", "/home/tester");
    }

    @Test
    void shellInterpretsPipesSeparatorsAndGlobs() throws Exception {
        Files.writeString(dir.resolve("p.yml"), "");
        Map<String, Object> r = runOnce(shell("_raw_params",
                "echo $0; echo \"a  b\" | tr a x; echo ~ ; printf \"%s\" *.yml", "chdir", dir.toString()));
        assertEquals("/bin/sh\nx  b\n/home/tester\np.yml", r.get("stdout"));
        assertEquals("echo $0; echo \"a  b\" | tr a x; echo ~ ; printf \"%s\" *.yml", r.get("cmd"));
        assertEquals(true, r.get("changed"));
        assertEquals("", r.get("msg"));
    }

    @Test
    void shellFailureAndMissingInnerCommand() {
        Map<String, Object> r = runOnce(shell("_raw_params", "echo b >&2; exit 3"));
        assertEquals(3L, r.get("rc"));
        assertEquals("b", r.get("stderr"));
        assertEquals("non-zero return code", r.get("msg"));
        assertEquals(true, r.get("failed"));
        // A command missing inside the shell is just the shell's exit 127, as in Ansible.
        Map<String, Object> missing = runOnce(shell("_raw_params", "no_such_program_zz"));
        assertEquals(127L, missing.get("rc"));
        assertTrue(((String) missing.get("stderr")).contains("not found"));
    }

    @Test
    void executable() {
        assertEquals("/bin/bash", runOnce(shell("_raw_params", "echo $0", "executable", "/bin/bash")).get("stdout"));
        Map<String, Object> r = runOnce(shell("_raw_params", "echo hi", "executable", "/nonexist"));
        assertEquals(Map.of("changed", false, "cmd", "/nonexist -c 'echo hi'", "failed", true,
                "msg", "[Errno 2] No such file or directory: b'/nonexist'", "rc", 2L, "stderr", "", "stdout", ""), r);
    }

    @Test
    void shellStdinCreatesAndCheckMode() throws Exception {
        assertEquals("hey", runOnce(shell("_raw_params", "cat", "stdin", "hey")).get("stdout"));
        Files.writeString(dir.resolve("done"), "");
        assertEquals("Did not run command since '" + dir + "/done' exists",
                runOnce(shell("_raw_params", "exit 1", "creates", dir + "/done")).get("msg"));
        ShellModuleContext check = shell("_raw_params", "touch " + dir.resolve("x")).checkMode(true);
        Map<String, Object> r = check.run().data();
        assertEquals(0, check.execCount());
        assertEquals(true, r.get("skipped"));
        assertEquals("touch " + dir.resolve("x"), r.get("cmd"));
    }

    @Test
    void rawKeepsOutputAsWritten() {
        ShellModuleContext ctx = ShellModuleContext.of(new RawModule(), "echo hi; echo e >&2");
        Map<String, Object> r = runOnce(ctx);
        assertEquals(Map.of("changed", true, "rc", 0L, "stdout", "hi\n", "stderr", "e\n"), r);
        assertEquals("/bin/bash\n", runOnce(ShellModuleContext.of(new RawModule(),
                Map.of("_raw_params", "echo $0", "executable", "/bin/bash"))).get("stdout"));
    }

    @Test
    void rawFailureAndCheckMode() {
        Map<String, Object> r = runOnce(ShellModuleContext.of(new RawModule(), "exit 2"));
        assertEquals(Map.of("changed", true, "failed", true, "msg", "non-zero return code", "rc", 2L,
                "stderr", "", "stdout", ""), r);
        ShellModuleContext check = ShellModuleContext.of(new RawModule(), "exit 2").checkMode(true);
        assertEquals(Map.of("changed", false, "skipped", true), check.run().data());
        assertEquals(0, check.execCount());
        assertFalse(check.run().failed());
    }
}
