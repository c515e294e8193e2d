package io.drover.modules.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected values are Python 3.11 shlex.quote / bytes repr / datetime output. */
class PythonTextTest {

    @Test
    void quotesAndBytesReprLikePython() {
        assertEquals("'a b'", ShellText.quote("a b"));
        assertEquals("''", ShellText.quote(""));
        assertEquals("'é'", ShellText.quote("é"));
        assertEquals("'it'\"'\"'s'", ShellText.quote("it's"));
        assertEquals("/usr/bin:x_y@1", ShellText.quote("/usr/bin:x_y@1"));
        assertEquals("b\"x'y\"", ShellText.pyBytesRepr("x'y"));
        assertEquals("b'\\xc3\\xa9'", ShellText.pyBytesRepr("é"));
        assertEquals("b'a\"b\\'c'", ShellText.pyBytesRepr("a\"b'c"));
        assertEquals("b'\\\\ \\t\\x7f'", ShellText.pyBytesRepr("\\ \t\u007f"));
    }

    @Test
    void timesFormatLikePython() {
        assertEquals("0:00:00.004441", CommandRun.pyTimedelta(java.time.Duration.ofNanos(4_441_999)));
        assertEquals("0:00:01", CommandRun.pyTimedelta(java.time.Duration.ofSeconds(1)));
        assertEquals("1 day, 2:03:04", CommandRun.pyTimedelta(java.time.Duration.ofSeconds(93784)));
        assertEquals("-1 day, 23:59:59.500000", CommandRun.pyTimedelta(java.time.Duration.ofMillis(-500)));
        java.time.LocalDateTime t = CommandRun.stamp("2026-11-23 04:57:53.567588123", null);
        assertEquals("2026-11-23 04:57:53.567588", CommandRun.pyDateTime(t));
        assertEquals("2026-11-23 04:57:53", CommandRun.pyDateTime(CommandRun.stamp("2026-11-23 04:57:53.N", null)));
    }
}
