package io.drover.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values were checked with Python's {@code ast.literal_eval} and ansible-inventory. */
class PythonLiteralTest {

    private static Object eval(String s) {
        return PythonLiteral.evalOrString(s);
    }

    @Test
    void numbers() {
        assertEquals(42, eval("42"));
        assertEquals(-3, eval("-3"));
        assertEquals(5, eval("+5"));
        assertEquals(31, eval("0x1F"));
        assertEquals(-16, eval("-0x10"));
        assertEquals(15, eval("0o17"));
        assertEquals(1000, eval("1_000"));
        assertEquals(0, eval("00"));
        assertEquals(new BigInteger("12345678901234567890"), eval("12345678901234567890"));
        assertEquals(3000000000L, eval("3000000000"));
        assertEquals(1.5, eval("1.5"));
        assertEquals(1.0, eval("1."));
        assertEquals(0.5, eval(".5"));
        assertEquals(1e20, eval("1e20"));
        assertEquals(-0.0015, eval("-1.5e-3"));
    }

    @Test
    void invalidNumbersStayStrings() {
        assertEquals("0755", eval("0755"));
        assertEquals("0_1", eval("0_1"));
        assertEquals("--1", eval("--1"));
        assertEquals("1+2j", eval("1+2j"));
        assertEquals("12abc", eval("12abc"));
        assertEquals("1.2.3", eval("1.2.3"));
    }

    @Test
    void constantsAreCaseSensitive() {
        assertEquals(true, eval("True"));
        assertEquals(false, eval("False"));
        assertNull(eval("None"));
        assertEquals("true", eval("true"));
        assertEquals("FALSE", eval("FALSE"));
        assertEquals("yes", eval("yes"));
        assertEquals("-True", eval("-True"));
    }

    @Test
    void strings() {
        assertEquals("q", eval("'q'"));
        assertEquals("xy", eval("\"x\" 'y'"));
        assertEquals("\n\tA", eval("'\\n\\t\\x41'"));
        assertEquals("\\n", eval("r'\\n'"));
        assertEquals("by", eval("b'by'"));
        assertEquals("a\\qb", eval("'a\\qb'"));
        assertEquals("A", eval("'\\101'"));
        assertEquals("é", eval("'\\u00e9'"));
        assertEquals("hello # c", eval("hello # c"));
        assertEquals("'unterminated", eval("'unterminated"));
        assertEquals("", eval(""));
    }

    @Test
    void containers() {
        assertEquals(List.of(1, 2), eval("[1,2]"));
        assertEquals(List.of(1, 2), eval("(1, 2)"));
        assertEquals(List.of(1), eval("(1,)"));
        assertEquals(1, eval("(1)"));
        assertEquals(List.of(0, 1, 2, 3), eval("0,1,2,3"));
        assertEquals(List.of(), eval("[]"));
        assertEquals(Map.of(), eval("{}"));
        assertEquals(List.of(1, 2), eval("{1, 2, 1}"));
        assertEquals(List.of(1, "ab"), eval("[1, 'a' 'b',]"));
        Map<Object, Object> nested = new LinkedHashMap<>();
        Map<Object, Object> inner = new LinkedHashMap<>();
        inner.put("b", null);
        nested.put("a", List.of(1, inner));
        assertEquals(nested, eval("{'a': [1, {'b': None}]}"));
        assertEquals("{k:1}", eval("{k:1}"));
        assertEquals("[1]+[2]", eval("[1]+[2]"));
    }

    @Test
    void whitespaceAndTrailingCommentsAreIgnored() {
        assertEquals(1, eval(" 1"));
        assertEquals(7, eval(" 7"));
        assertEquals(8080, eval("8080 # port"));
        assertEquals("quoted", eval("'quoted' # c"));
        assertEquals(List.of(1, 2), eval("[1,\n 2]"));
    }
}
