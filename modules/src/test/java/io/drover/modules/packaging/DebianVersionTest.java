package io.drover.modules.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DebianVersionTest {

    private static void older(String a, String b) {
        assertTrue(DebianVersion.compare(a, b) < 0, a + " < " + b);
        assertTrue(DebianVersion.compare(b, a) > 0, b + " > " + a);
    }

    @Test
    void ordersLikeDpkg() {
        older("1.0~rc1", "1.0");
        older("1.0~~", "1.0~");
        older("1.0", "1.0a");
        older("1.0", "1.0+b1");
        older("1.0a", "1.0+");
        older("2.0", "1:0.1");
        older("1.6-2.1+deb12u1", "1.6-2.1+deb12u3");
        older("1.9", "1.10");
        older("2.10-2", "2.10-3");
        older("1.0-1", "1.0.1-1");
        assertEquals(0, DebianVersion.compare("1.2.3", "1.2.3-0"));
        assertEquals(0, DebianVersion.compare("1.01", "1.1"));
        assertEquals(0, DebianVersion.compare("0:2.10-3", "2.10-3"));
        assertEquals(0, DebianVersion.compare("2.10-3", "2.10-3"));
    }
}
