package io.drover.modules.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code systemctl show} output read into the status dict as ansible-core 2.14's parse_systemctl_show does. */
class SystemctlShowTest {

    @Test
    void oneKeyPerLineSplitAtTheFirstEqualsSignAndStripped() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("Type", "simple");
        expected.put("Environment", "A=1 B=2");
        expected.put("ActiveState", "active");
        expected.put("Empty", "");
        assertEquals(expected, SystemctlShow.parse("Type=simple\nEnvironment=A=1 B=2\nActiveState= active \nEmpty=\n"));
    }

    @Test
    void execValuesInBracesSpanLinesUntilOneEndsWithABrace() {
        Map<String, Object> status = SystemctlShow.parse("""
                ExecStart={ path=/bin/sh ; argv[]=/bin/sh -c "while true
                do sleep 1
                done" ; ignore_errors=no }
                ExecReload={ path=/bin/kill ; argv[]=/bin/kill -HUP $MAINPID }
                SubState=running
                """);
        assertEquals("{ path=/bin/sh ; argv[]=/bin/sh -c \"while true\ndo sleep 1\ndone\" ; ignore_errors=no }",
                status.get("ExecStart"));
        assertEquals("{ path=/bin/kill ; argv[]=/bin/kill -HUP $MAINPID }", status.get("ExecReload"));
        assertEquals("running", status.get("SubState"));
    }

    @Test
    void anOpenBraceOutsideExecKeysStaysOnOneLine() {
        Map<String, Object> status = SystemctlShow.parse("Description={ not closed\nLoadState=loaded\n");
        assertEquals("{ not closed", status.get("Description"));
        assertEquals("loaded", status.get("LoadState"));
    }

    @Test
    void linesWithoutEqualsSignsAreSkipped() {
        assertEquals(Map.of("A", "b"), SystemctlShow.parse("garbage\n\nA=b"));
    }
}
