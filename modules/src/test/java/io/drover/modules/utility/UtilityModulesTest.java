package io.drover.modules.utility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.module.ArgumentException;
import io.drover.module.ModuleRegistry;
import io.drover.modules.ShellModuleContext;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** ping, debug, set_fact, assert, fail, meta; expected results are ansible-core 2.14's. */
class UtilityModulesTest {

    @Test
    void pingContactsTheHostOnce() {
        ShellModuleContext ctx = ShellModuleContext.of(new PingModule(), Map.of());
        assertEquals(Map.of("changed", false, "ping", "pong"), ctx.run().data());
        assertEquals(1, ctx.execCount());
        assertEquals("hello", ShellModuleContext.of(new PingModule(), Map.of("data", "hello")).run().data().get("ping"));
        Map<String, Object> crash = ShellModuleContext.of(new PingModule(), Map.of("data", "crash")).run().data();
        assertEquals(true, crash.get("failed"));
        assertEquals("MODULE FAILURE\nSee stdout/stderr for the exact error", crash.get("msg"));
        assertEquals(1L, crash.get("rc"));
    }

    @Test
    void debugMessageAndDefault() {
        ShellModuleContext ctx = ShellModuleContext.of(new DebugModule(), Map.of());
        assertEquals(Map.of("_ansible_verbose_always", true, "changed", false, "msg", "Hello world!"), ctx.run().data());
        assertEquals(0, ctx.execCount());
        assertEquals(List.of(1, 2), ShellModuleContext.of(new DebugModule(), Map.of("msg", List.of(1, 2)))
                .run().data().get("msg"));
    }

    @Test
    void debugVar() {
        assertEquals(Map.of("_ansible_verbose_always", true, "changed", false, "x", Map.of("a", 1)),
                ShellModuleContext.of(new DebugModule(), Map.of("var", "x")).var("x", Map.of("a", 1)).run().data());
        assertEquals("VARIABLE IS NOT DEFINED!",
                ShellModuleContext.of(new DebugModule(), Map.of("var", "nope")).run().data().get("nope"));
        assertTrue(((String) ShellModuleContext.of(new DebugModule(), Map.of("var", "nope")).verbosity(1).run()
                .data().get("nope")).startsWith("VARIABLE IS NOT DEFINED!: "));
    }

    @Test
    void debugVerbosityThreshold() {
        assertEquals(Map.of("changed", false, "skipped", true, "skipped_reason", "Verbosity threshold not met."),
                ShellModuleContext.of(new DebugModule(), Map.of("msg", "x", "verbosity", 2)).verbosity(1).run().data());
        assertEquals("x", ShellModuleContext.of(new DebugModule(), Map.of("msg", "x", "verbosity", 2)).verbosity(2)
                .run().data().get("msg"));
    }

    @Test
    void debugMsgAndVarAreExclusive() {
        assertThrows(ArgumentException.class,
                () -> new DebugModule().argSpec().validate("debug", Map.of("msg", "a", "var", "b")));
    }

    @Test
    void setFactReturnsFactsWithTemplatedKeysAndBooleans() {
        Map<String, Object> r = ShellModuleContext.of(new SetFactModule(),
                        Map.of("a", "1", "{{ k }}", "x", "flag", "yes", "cacheable", "true"))
                .var("k", "named").run().data();
        assertEquals(Map.of("a", "1", "named", "x", "flag", true), r.get("ansible_facts"));
        assertEquals(false, r.get("changed"));
        assertEquals(true, r.get("_ansible_facts_cacheable"));
        Map<String, Object> bad = ShellModuleContext.of(new SetFactModule(), Map.of("1x", "v")).run().data();
        assertEquals("The variable name '1x' is not valid. Variables must start with a letter or underscore "
                + "character, and contain only letters, numbers and underscores.", bad.get("msg"));
        assertEquals("No key/value pairs provided, at least one is required for this action to succeed",
                ShellModuleContext.of(new SetFactModule(), Map.of()).run().data().get("msg"));
    }

    @Test
    void assertPassesAndFails() {
        assertEquals(Map.of("_ansible_verbose_always", true, "changed", false, "msg", "All assertions passed"),
                ShellModuleContext.of(new AssertModule(), Map.of("that", List.of("1 == 1", "x"))).var("x", true)
                        .run().data());
        assertEquals(Map.of("changed", false, "msg", "All assertions passed"),
                ShellModuleContext.of(new AssertModule(), Map.of("that", "1 == 1", "quiet", true)).run().data());
        assertEquals("yay", ShellModuleContext.of(new AssertModule(), Map.of("that", "1 == 1", "success_msg", "yay"))
                .run().data().get("msg"));
        assertEquals(Map.of("_ansible_verbose_always", true, "assertion", "1 == 2", "changed", false,
                        "evaluated_to", false, "failed", true, "msg", "Assertion failed"),
                ShellModuleContext.of(new AssertModule(), Map.of("that", List.of("1 == 1", "1 == 2", "2 == 3")))
                        .run().data());
        assertEquals("boo", ShellModuleContext.of(new AssertModule(), Map.of("that", "1 == 2", "msg", "boo"))
                .run().data().get("msg"));
    }

    @Test
    void failAlwaysFails() {
        assertEquals(Map.of("changed", false, "failed", true, "msg", "Failed as requested from task"),
                ShellModuleContext.of(new FailModule(), Map.of()).run().data());
        assertEquals("x", ShellModuleContext.of(new FailModule(), Map.of("msg", "x")).run().data().get("msg"));
    }

    @Test
    void metaIsDeclaredButExecutedByTheEngine() {
        assertNull(MetaModule.invalidActionMessage("flush_handlers"));
        assertNull(MetaModule.invalidActionMessage(" end_host "));
        assertEquals("invalid meta action requested: bogus", MetaModule.invalidActionMessage("bogus"));
        ShellModuleContext ctx = ShellModuleContext.of(new MetaModule(), "noop");
        assertThrows(IllegalStateException.class, ctx::run);
    }

    @Test
    void registryFindsEveryBuiltinByShortAndQualifiedName() {
        ModuleRegistry registry = ModuleRegistry.load(getClass().getClassLoader());
        TreeSet<String> names = new TreeSet<>();
        registry.all().forEach(m -> names.add(m.name()));
        assertTrue(names.containsAll(List.of("assert", "command", "debug", "fail", "meta", "ping", "raw", "set_fact",
                "shell")), names.toString());
        assertEquals("command", registry.find("ansible.builtin.command").orElseThrow().name());
        assertEquals("shell", registry.find("ansible.legacy.shell").orElseThrow().name());
    }
}
