package io.drover.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are Python 3.11 shlex.split output. */
class ShlexTest {

    @Test
    void splitsLikeShlex() {
        assertEquals(List.of("a", "b\\$c", "d\\e", "f\\g", "h i", "", "", "x#y"),
                Shlex.split("a \"b\\$c\" \"d\\\\e\" 'f\\g' h\\ i '' \"\" x#y"));
        assertEquals(List.of("a\nb"), Shlex.split("a\\\nb"));
        assertEquals(List.of("xy\"zw"), Shlex.split("x\"y\\\"z\"w"));
        assertEquals(List.of("a", "b\u000bc"), Shlex.split("a\tb\u000bc"));
        assertEquals(List.of(), Shlex.split("  \t\n "));
    }

    @Test
    void reportsShlexErrors() {
        assertEquals("No escaped character", assertThrows(IllegalArgumentException.class,
                () -> Shlex.split("a\\")).getMessage());
        assertEquals("No escaped character", assertThrows(IllegalArgumentException.class,
                () -> Shlex.split("\"a\\")).getMessage());
        assertEquals("No closing quotation", assertThrows(IllegalArgumentException.class,
                () -> Shlex.split("a \"b")).getMessage());
    }
}
