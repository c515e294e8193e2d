package io.drover.modules.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PackageSpecTest {

    @Test
    void splitsAtTheFirstEqualsOrGreaterEquals() {
        assertEquals(new PackageSpec("hello", "hello", null, null), PackageSpec.parse("hello"));
        assertEquals(new PackageSpec("hello=2.10*", "hello", "=", "2.10*"), PackageSpec.parse("hello=2.10*"));
        assertEquals(new PackageSpec("hello>=2.9", "hello", ">=", "2.9"), PackageSpec.parse("hello>=2.9"));
        // Ansible splits only at = and >=; anything else stays in the name (and then matches no package).
        assertEquals(new PackageSpec("hello>2", "hello>2", null, null), PackageSpec.parse("hello>2"));
        assertEquals(new PackageSpec("hello<=2", "hello<", "=", "2"), PackageSpec.parse("hello<=2"));
    }

    @Test
    void versionsMatchByGlobOrDebianOrder() {
        assertTrue(PackageSpec.parse("hello=2.10*").accepts("2.10-3"));
        assertFalse(PackageSpec.parse("hello=2.1").accepts("2.10-3"));
        assertTrue(PackageSpec.parse("hello=2.10-3").accepts("2.10-3"));
        assertTrue(PackageSpec.parse("hello>=2.9").accepts("2.10-3"));
        assertFalse(PackageSpec.parse("hello>=2.11").accepts("2.10-3"));
        assertTrue(PackageSpec.parse("hello").accepts("anything"));
    }

    @Test
    void wildcardNamesArePatterns() {
        assertTrue(PackageSpec.parse("hell*").isPattern());
        assertTrue(PackageSpec.parse("j[qx]").isPattern());
        assertTrue(PackageSpec.parse("hell?=2*").isPattern());
        assertFalse(PackageSpec.parse("hello=2*").isPattern());
    }
}
