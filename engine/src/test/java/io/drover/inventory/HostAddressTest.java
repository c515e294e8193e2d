package io.drover.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostAddressTest {

    private static List<String> names(String pattern) throws HostAddress.RangeException {
        return HostAddress.expand(pattern).names();
    }

    @Test
    void numericRangesKeepZeroPadding() throws Exception {
        assertEquals(List.of("web01.example.com", "web02.example.com", "web03.example.com"),
                names("web[01:03].example.com"));
        assertEquals(List.of("n08", "n09", "n10"), names("n[08:10]"));
        assertEquals(List.of("n1", "n2"), names("n[1:2]"));
        assertEquals(List.of("n0", "n1"), names("n[:1]"));
    }

    @Test
    void strideLettersAndMidNameRanges() throws Exception {
        assertEquals(List.of("n1", "n4", "n7", "n10"), names("n[1:10:3]"));
        assertEquals(List.of("db-a", "db-b", "db-c"), names("db-[a:c]"));
        assertEquals(List.of("rack1-node-a", "rack1-node-b", "rack2-node-a", "rack2-node-b"),
                names("rack[1:2]-node-[a:b]"));
    }

    @Test
    void portsAreSplitOff() throws Exception {
        HostAddress.Expansion e = HostAddress.expand("jump.example.com:2200");
        assertEquals(List.of("jump.example.com"), e.names());
        assertEquals(2200, e.port());
        e = HostAddress.expand("web[1:2]:8080");
        assertEquals(List.of("web1", "web2"), e.names());
        assertEquals(8080, e.port());
        e = HostAddress.expand("[::1]:2222");
        assertEquals(List.of("::1"), e.names());
        assertEquals(2222, e.port());
        e = HostAddress.expand("fe80::1");
        assertEquals(List.of("fe80::1"), e.names());
        assertNull(e.port());
        e = HostAddress.expand("10.0.0.1:22");
        assertEquals(List.of("10.0.0.1"), e.names());
        assertEquals(22, e.port());
    }

    @Test
    void badRangesAreErrors() {
        assertEquals("host range must specify equal-length begin and end formats",
                assertThrows(HostAddress.RangeException.class, () -> names("n[01:100]")).getMessage());
        assertEquals("host range must have begin <= end",
                assertThrows(HostAddress.RangeException.class, () -> names("n[c:a]")).getMessage());
        assertEquals("host range must specify end value",
                assertThrows(HostAddress.RangeException.class, () -> names("n[1:]")).getMessage());
        assertEquals("host range must be begin:end or begin:end:step",
                assertThrows(HostAddress.RangeException.class, () -> names("n[1]")).getMessage());
    }
}
