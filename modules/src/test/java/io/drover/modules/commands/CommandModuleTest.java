package io.drover.modules.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ModuleResult;
import io.drover.modules.ShellModuleContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command module against a real /bin/sh; expected values were checked on ansible-core 2.14. */
class CommandModuleTest {

    private static final CommandModule COMMAND = new CommandModule();

    @TempDir
    Path dir;

    private static ShellModuleContext free(String text) {
        return ShellModuleContext.of(COMMAND, text).env("HOME", "/home/tester").env("DROVER_T", "v a l");
    }

    private static ShellModuleContext with(Object... kv) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        return ShellModuleContext.of(COMMAND, args).env("HOME", "/home/tester");
    }

    private static Map<String, Object> runOnce(ShellModuleContext ctx) {
        ModuleResult r = ctx.run();
        assertEquals(1, ctx.execCount(), "one round trip per task");
        return r.data();
    }

    @Test
    void runsAndReportsLikeAnsible() {
        Map<String, Object> r = runOnce(free("echo hi"));
        assertEquals(true, r.get("changed"));
        assertEquals("hi", r.get("stdout"));
        assertEquals("", r.get("stderr"));
        assertEquals(0L, r.get("rc"));
        assertEquals(List.of("echo", "hi"), r.get("cmd"));
        assertEquals("", r.get("msg"));
        assertFalse(r.containsKey("failed"));
        assertTrue(((String) r.get("start")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?"), r.toString());
        assertTrue(((String) r.get("end")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?"));
        assertTrue(((String) r.get("delta")).matches("0:00:0\\d(\\.\\d{6})?"), (String) r.get("delta"));
    }

    @Test
    void quotingIsShlexAndOnlyVariablesAndTildeExpand() {
        // Same line as checked with ansible: quotes group, $VAR/${VAR}/~ expand, unset vars, * and ; stay literal.
        Map<String, Object> r = runOnce(free(
                "printf '[%s]' \"a  b\" 'c d' $HOME ${HOME}x ~ ~/sub $NOPE_UNSET ${NOPE_UNSET} '*' ; `id` '$(id)' $DROVER_T"));
        assertEquals("[a  b][c d][/home/tester][/home/testerx][/home/tester][/home/tester/sub][$NOPE_UNSET]"
                + "[${NOPE_UNSET}][*][;][`id`][$(id)][v a l]", r.get("stdout"));
        assertEquals(List.of("printf", "[%s]", "a  b", "c d", "$HOME", "${HOME}x", "~", "~/sub", "$NOPE_UNSET",
                "${NOPE_UNSET}", "*", ";", "`id`", "$(id)", "$DROVER_T"), r.get("cmd"));
    }

    @Test
    void unquotedGlobIsNotExpandedAndUnknownUserStaysLiteral() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "");
        Map<String, Object> r = runOnce(free("printf '[%s]' *.txt ~no_such_user_zz/x $1abc \\$HOME a\"b c\"d")
                .env("PWD_UNUSED", "x"));
        assertEquals("[*.txt][~no_such_user_zz/x][$1abc][/home/tester][ab cd]", r.get("stdout"));
    }

    @Test
    void argvIsNotSplitButStillExpanded() {
        Map<String, Object> r = runOnce(with("argv", List.of("printf", "[%s]", "two words", "$HOME", "a;b", 1, true)));
        assertEquals("[two words][/home/tester][a;b][1][True]", r.get("stdout"));
        assertEquals(List.of("printf", "[%s]", "two words", "$HOME", "a;b", "1", "True"), r.get("cmd"));
    }

    @Test
    void argvAndFreeFormAreExclusive() {
        ShellModuleContext ctx = with("_raw_params", "echo", "argv", List.of("echo"));
        Map<String, Object> r = ctx.run().data();
        assertEquals(true, r.get("failed"));
        assertEquals("only command or argv can be given, not both", r.get("msg"));
        assertEquals(256L, r.get("rc"));
        assertEquals(0, ctx.execCount());
        assertEquals("no command given", with("chdir", "/tmp").run().data().get("msg"));
    }

    @Test
    void builtinNamesRunTheRealProgram() {
        // dash's builtin echo would turn \n into a newline; /bin/echo (what Popen runs) does not.
        assertEquals("a\\nb", runOnce(free("echo 'a\\nb'")).get("stdout"));
    }

    @Test
    void failingCommand() {
        Map<String, Object> r = runOnce(free("sh -c 'echo out; echo err >&2; exit 3'"));
        assertEquals(true, r.get("failed"));
        assertEquals(true, r.get("changed"));
        assertEquals(3L, r.get("rc"));
        assertEquals("non-zero return code", r.get("msg"));
        assertEquals("out", r.get("stdout"));
        assertEquals("err", r.get("stderr"));
    }

    @Test
    void exit127FromARealProgramIsNotMissing() {
        Map<String, Object> r = runOnce(free("sh -c 'exit 127'"));
        assertEquals(127L, r.get("rc"));
        assertEquals("non-zero return code", r.get("msg"));
    }

    @Test
    void missingBinary() {
        Map<String, Object> r = runOnce(free("no_such_program_zz $HOME 'a b'"));
        assertEquals(Map.of("changed", false, "cmd", "no_such_program_zz /home/tester 'a b'", "failed", true,
                "msg", "[Errno 2] No such file or directory: b'no_such_program_zz'", "rc", 2L,
                "stderr", "", "stdout", ""), r);
    }

    @Test
    void shellBuiltinWithoutProgramIsMissing() {
        assertEquals("[Errno 2] No such file or directory: b'cd'", runOnce(free("cd /tmp")).get("msg"));
    }

    @Test
    void notExecutableIsPermissionDenied() throws Exception {
        Path f = Files.writeString(dir.resolve("plain"), "echo hi\n");
        Map<String, Object> r = runOnce(free(f.toString()));
        assertEquals(13L, r.get("rc"));
        assertEquals("[Errno 13] Permission denied: b'" + f + "'", r.get("msg"));
        assertEquals("[Errno 2] No such file or directory: b'/no/such/prog'", runOnce(free("/no/such/prog")).get("msg"));
    }

    @Test
    void chdir() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub dir"));
        assertEquals(sub.toString(), runOnce(with("_raw_params", "pwd", "chdir", sub.toString())).get("stdout"));
        Map<String, Object> r = runOnce(with("_raw_params", "pwd", "chdir", "/nonexist_zz"));
        assertEquals(true, r.get("failed"));
        assertEquals(false, r.get("changed"));
        assertNull(r.get("rc"));
        assertNull(r.get("start"));
        assertEquals("Unable to change directory before execution: [Errno 2] No such file or directory: b'/nonexist_zz'",
                r.get("msg"));
        Path file = Files.writeString(dir.resolve("f"), "");
        assertEquals("Unable to change directory before execution: [Errno 20] Not a directory: b'" + file + "'",
                runOnce(with("_raw_params", "pwd", "chdir", file.toString())).get("msg"));
    }

    @Test
    void createsSkipsWithoutRunning() throws Exception {
        Path marker = dir.resolve("ran");
        Files.writeString(dir.resolve("exists.txt"), "");
        Map<String, Object> r = runOnce(with("_raw_params", "touch " + marker, "creates", dir + "/exists.txt"));
        assertEquals(false, r.get("changed"));
        assertEquals(0L, r.get("rc"));
        assertEquals("skipped, since " + dir + "/exists.txt exists", r.get("stdout"));
        assertEquals("Did not run command since '" + dir + "/exists.txt' exists", r.get("msg"));
        assertNull(r.get("start"));
        assertNull(r.get("end"));
        assertNull(r.get("delta"));
        assertTrue(r.containsKey("delta"));
        assertFalse(r.containsKey("skipped"));
        assertFalse(Files.exists(marker));

        // Glob semantics; no match means the command runs.
        assertEquals(false, runOnce(with("_raw_params", "touch " + marker, "creates", dir + "/*.txt")).get("changed"));
        Map<String, Object> ran = runOnce(with("_raw_params", "touch " + marker, "creates", dir + "/*.nope"));
        assertEquals(true, ran.get("changed"));
        assertTrue(Files.exists(marker));
    }

    @Test
    void createsIsRelativeToChdirAndExpanded() throws Exception {
        Files.writeString(dir.resolve("here"), "");
        Map<String, Object> r = runOnce(with("_raw_params", "true", "chdir", dir.toString(), "creates", "here"));
        assertEquals("Did not run command since 'here' exists", r.get("msg"));
        Map<String, Object> home = runOnce(with("_raw_params", "true", "creates", "$DROVER_D/here")
                .env("DROVER_D", dir.toString()));
        assertEquals("Did not run command since '" + dir + "/here' exists", home.get("msg"));
    }

    @Test
    void removesSkipsWhenNothingMatches() {
        Map<String, Object> r = runOnce(with("_raw_params", "echo x", "removes", dir + "/gone*"));
        assertEquals(false, r.get("changed"));
        assertEquals("Did not run command since '" + dir + "/gone*' does not exist", r.get("msg"));
        assertEquals("skipped, since " + dir + "/gone* does not exist", r.get("stdout"));
        assertEquals("x", runOnce(with("_raw_params", "echo x", "removes", dir.toString())).get("stdout"));
    }

    @Test
    void stdinIsFedWithNewlineByDefault() {
        assertEquals("hello\n", runOnce(with("_raw_params", "cat", "stdin", "hello", "strip_empty_ends", false))
                .get("stdout"));
        assertEquals("5", runOnce(with("_raw_params", "wc -c", "stdin", "abcd")).get("stdout").toString().strip());
        assertEquals("4", runOnce(with("_raw_params", "wc -c", "stdin", "abcd", "stdin_add_newline", false))
                .get("stdout").toString().strip());
    }

    @Test
    void stripEmptyEnds() {
        assertEquals("a\n\n", runOnce(with("_raw_params", "printf 'a\\n\\n'", "strip_empty_ends", false)).get("stdout"));
        assertEquals("a", runOnce(with("_raw_params", "printf 'a\\n\\n'")).get("stdout"));
        assertEquals("  a", runOnce(with("_raw_params", "printf '  a\\r\\n'")).get("stdout"));
    }

    @Test
    void outputWithoutTrailingNewlineIsKeptIntact() {
        Map<String, Object> r = runOnce(with("_raw_params", "printf 'no newline'", "strip_empty_ends", false));
        assertEquals("no newline", r.get("stdout"));
    }

    @Test
    void checkModeWithoutCreatesIsSkippedWithoutContact() {
        ShellModuleContext ctx = free("touch " + dir.resolve("x")).checkMode(true);
        Map<String, Object> r = ctx.run().data();
        assertEquals(0, ctx.execCount());
        assertEquals(true, r.get("skipped"));
        assertEquals(false, r.get("changed"));
        assertEquals(0L, r.get("rc"));
        assertEquals("Command would have run if not in check mode", r.get("msg"));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void checkModeEvaluatesCreatesAndRemoves() throws Exception {
        Files.writeString(dir.resolve("e"), "");
        Map<String, Object> skip = runOnce(with("_raw_params", "touch " + dir.resolve("x"), "creates",
                dir + "/e").checkMode(true));
        assertEquals("Would not run command since '" + dir + "/e' exists", skip.get("msg"));
        assertEquals(false, skip.get("changed"));
        Map<String, Object> would = runOnce(with("_raw_params", "touch " + dir.resolve("x"), "creates",
                dir + "/missing").checkMode(true));
        assertEquals("Command would have run if not in check mode", would.get("msg"));
        assertEquals(true, would.get("changed"));
        assertFalse(would.containsKey("skipped"));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void unbalancedQuoteFailsWithShlexMessage() {
        ShellModuleContext ctx = free("echo 'oops");
        assertEquals("No closing quotation", ctx.run().data().get("msg"));
        assertEquals(0, ctx.execCount());
    }
}
