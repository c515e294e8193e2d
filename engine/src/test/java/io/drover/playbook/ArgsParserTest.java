package io.drover.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.error.DroverException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values were produced by ansible-core 2.14's parse_kv / split_args on the same input. */
class ArgsParserTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void keyValuePairs() {
        assertEquals(map("src", "a", "dest", "b"), ArgsParser.parseKv("src=a dest=b", false));
        assertEquals(map("msg", "hello world", "foo", "x y"),
                ArgsParser.parseKv("msg=\"hello world\" foo='x y'", false));
    }

    @Test
    void commandTextKeepsSpacingAndOnlyCommandOptionsAreExtracted() {
        Map<String, Object> args = ArgsParser.parseKv("echo \"a b\"   c=d chdir=/tmp creates=\"/x y\"", true);
        assertEquals(map("chdir", "/tmp", "creates", "/x y", Task.RAW_PARAMS, "echo \"a b\"   c=d"), args);
        assertEquals(List.of("echo", "\"a b\"  ", "c=d", "chdir=/tmp", "creates=\"/x y\""),
                ArgsParser.splitArgs("echo \"a b\"   c=d chdir=/tmp creates=\"/x y\""));
        assertEquals(map("chdir", "/x", Task.RAW_PARAMS, "echo hi"), ArgsParser.parseKv("echo hi chdir=/x", true));
    }

    @Test
    void wordsWithoutEqualsBecomeRawParams() {
        assertEquals(map("a", "1", "b", "x y", Task.RAW_PARAMS, "free"), ArgsParser.parseKv("a=1 b=\"x y\" free", false));
        assertEquals(map(Task.RAW_PARAMS, "k = v"), ArgsParser.parseKv("k = v", false));
        assertEquals(map(Task.RAW_PARAMS, "=foo"), ArgsParser.parseKv("=foo", false));
    }

    @Test
    void jinjaBlocksAreNotSplit() {
        assertEquals(map("msg", "{{ a | default('x y') }}", "other", "{{ b }}"),
                ArgsParser.parseKv("msg=\"{{ a | default('x y') }}\" other={{ b }}", false));
        assertEquals(List.of("echo", "{{ foo bar }}", "x=1"), ArgsParser.splitArgs("echo {{ foo bar }} x=1"));
        assertEquals(map(Task.RAW_PARAMS, "echo {{ foo bar }} x=1"), ArgsParser.parseKv("echo {{ foo bar }} x=1", true));
    }

    @Test
    void newlinesEscapesAndContinuations() {
        assertEquals(List.of("line1\n", "line2", "a=b"), ArgsParser.splitArgs("line1\nline2 a=b"));
        assertEquals(map("a", "b", Task.RAW_PARAMS, "line1\nline2"), ArgsParser.parseKv("line1\nline2 a=b", false));
        assertEquals(map("msg", "a\nb"), ArgsParser.parseKv("msg=a\\nb", false));
        assertEquals(map("x", "a\\=b"), ArgsParser.parseKv("x=a\\=b", false));
        assertEquals(map(Task.RAW_PARAMS, "a=b"), ArgsParser.parseKv("a\\=b", false));
        assertEquals(map("a", "1", "b", "2"), ArgsParser.parseKv("a=1 \\\n b=2", false));
        assertEquals(map("m", "\u00e9A\tz"), ArgsParser.parseKv("m=\\u00e9\\x41\\tz", false));
    }

    @Test
    void shellTextStaysVerbatim() {
        assertEquals(map(Task.RAW_PARAMS, "for i in 1 2; do echo $i; done"),
                ArgsParser.parseKv("for i in 1 2; do echo $i; done", true));
        assertEquals(map(Task.RAW_PARAMS, "cmd=\"ls -l\" | grep x"), ArgsParser.parseKv("cmd=\"ls -l\" | grep x", true));
    }

    @Test
    void unbalancedQuotesOrJinjaAreErrors() {
        DroverException e = assertThrows(DroverException.class, () -> ArgsParser.splitArgs("msg=\"unclosed"));
        assertTrue(e.getMessage().startsWith("failed at splitting arguments, either an unbalanced jinja2 block or quotes"));
        assertThrows(DroverException.class, () -> ArgsParser.splitArgs("a={{ x"));
    }

    @Test
    void moduleStringAndUnquote() {
        String[] split = ArgsParser.splitModuleString("copy src=a dest=\"b c\"");
        assertEquals("copy", split[0]);
        assertEquals("src=a dest=\"b c\"", split[1]);
        assertEquals("x", ArgsParser.unquote("'x'"));
        assertEquals("'x\\'", ArgsParser.unquote("'x\\'"));
        assertEquals("\"x'", ArgsParser.unquote("\"x'"));
    }
}
