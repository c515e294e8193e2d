package io.drover.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drover.module.ArgSpec.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgSpecTest {

    private final ArgSpec spec = ArgSpec.builder()
            .add(ArgSpec.option("path", Type.PATH).asRequired().aliases("dest", "name"))
            .add(ArgSpec.option("state", Type.STR).choices("absent", "directory", "file").withDefault("file"))
            .add(ArgSpec.option("force", Type.BOOL).withDefault(false))
            .add(ArgSpec.option("mode", Type.RAW))
            .add(ArgSpec.option("count", Type.INT))
            .add(ArgSpec.option("insertbefore", Type.STR))
            .add(ArgSpec.option("insertafter", Type.STR))
            .mutuallyExclusive("insertbefore", "insertafter")
            .build();

    @Test
    void resolvesAliasesFillsDefaultsAndConvertsTypes() throws Exception {
        Args args = spec.validate("file", Map.of("dest", "/tmp/x", "force", "yes", "count", "42"));
        assertEquals("/tmp/x", args.str("path"));
        assertEquals("file", args.str("state"));
        assertEquals(true, args.bool("force"));
        assertEquals(42L, args.integer("count", 0));
    }

    @Test
    void unknownArgumentsUseAnsiblesMessage() {
        ArgumentException e = assertThrows(ArgumentException.class,
                () -> spec.validate("file", Map.of("path", "/x", "bogus", 1)));
        assertEquals("Unsupported parameters for (file) module: bogus. Supported parameters include: count, force, "
                + "insertafter, insertbefore, mode, path, state (dest, name).", e.getMessage());
    }

    @Test
    void missingRequiredChoicesAndExclusion() {
        assertEquals("missing required arguments: path",
                assertThrows(ArgumentException.class, () -> spec.validate("file", Map.of())).getMessage());
        assertEquals("value of state must be one of: absent, directory, file, got: weird",
                assertThrows(ArgumentException.class,
                        () -> spec.validate("file", Map.of("path", "/x", "state", "weird"))).getMessage());
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("path", "/x");
        both.put("insertbefore", "a");
        both.put("insertafter", "b");
        assertEquals("parameters are mutually exclusive: insertbefore|insertafter",
                assertThrows(ArgumentException.class, () -> spec.validate("lineinfile", both)).getMessage());
    }

    @Test
    void boolAcceptsAnsiblesSpellingsAndRejectsOthers() throws Exception {
        for (String yes : List.of("yes", "on", "1", "true", "Y", "t", "TRUE")) {
            assertEquals(true, spec.validate("file", Map.of("path", "/x", "force", yes)).bool("force"), yes);
        }
        for (String no : List.of("no", "off", "0", "false", "N", "f")) {
            assertEquals(false, spec.validate("file", Map.of("path", "/x", "force", no)).bool("force"), no);
        }
        assertThrows(ArgumentException.class, () -> spec.validate("file", Map.of("path", "/x", "force", "maybe")));
    }

    @Test
    void listsSplitCommaStrings() throws Exception {
        ArgSpec s = ArgSpec.builder().add(ArgSpec.option("names", Type.LIST)).build();
        assertEquals(List.of("a", "b"), s.validate("x", Map.of("names", "a, b")).list("names"));
    }
}
