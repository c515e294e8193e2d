package io.drover.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python bytes-pattern semantics on java.util.regex; expected spans and messages are CPython 3.11's. */
class PythonRegexTest {

    private static String span(String pattern, String text) throws PythonRegex.Error {
        Matcher m = PythonRegex.compile(pattern).matcher(text);
        return m.find() ? m.start() + "-" + m.end() : "none";
    }

    @Test
    void pythonOnlySyntaxIsTranslated() throws PythonRegex.Error {
        assertEquals("0-5", span("^(?P<key_1>\\w+)=(?P=key_1)$", "ab=ab\n"), "named group with underscore, named backref");
        assertEquals("2-5", span("a{,2}b", "xaaab"));
        assertEquals("1-6", span("{abc}", "x{abc}"), "a brace that is no quantifier is literal");
        assertEquals("0-3", span("a{}", "a{}"));
        assertEquals("1-4", span("[]a]+", "x]a]"), "] first in a class");
        assertEquals("2-5", span("[^]]+", "]]abc"));
        assertEquals("1-3", span("[[]x", "a[x"), "[ inside a class is literal");
        assertEquals("1-5", span("[a&&b]+", "x&&ab"), "&& is no intersection");
        assertEquals("1-4", span("[\\d-]+", "a1-2"));
        assertEquals("none", span("foo\\Z", "foo\n"), "\\Z is the very end");
        assertEquals("0-3", span("foo$", "foo\n"));
        assertEquals("none", span("foo$", "foo\r\n"), "only \\n ends a line");
        assertEquals("0-3", span("a\\vb", "a\u000bb"));
        assertEquals("0-3", span("\\101\\x42\\0", "AB\0"), "octal and hex escapes");
        assertEquals("0-4", span("(?x) a  b # comment\n [ ]c", "ab c"), "verbose: blanks in a class stay");
        assertEquals("0-5", span("(?i)HELLO", "hello"));
        assertEquals("0-2", span("(?i:A)b", "ab"));
        assertEquals("0-1", span("(?#comment)x", "x"));
        assertEquals("2-6", span("\\bword\\b", "a word."));
        assertEquals("4-7", span("(?m)^two$", "one\ntwo\nthree"));
        assertEquals("2-2", span("(?m)^$", "a\n"), "multiline ^ matches after a final newline");
        assertEquals("0-3", span("(?s)a.b", "a\nb"));
        assertEquals("none", span("a.b", "a\nb"));
        assertEquals("0-3", span("\u00c3\u00a9+", "\u00c3\u00a9\u00a9x"), "bytes: + repeats the last byte of é");
        assertTrue(PythonRegex.compile("(?m)x").multiline());
        assertFalse(PythonRegex.compile("(?s)x").multiline());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\\p{L}|bad escape \\p at position 0",
        "a\\Qb|bad escape \\Q at position 1",
        "(?u)x|bad inline flags: cannot use 'u' flag with a bytes pattern at position 3",
        "\\8|invalid group reference 8 at position 1",
        "(a)\\2|invalid group reference 2 at position 4",
        "[z-a]|bad character range z-a at position 1",
        "x{3,1}|min repeat greater than max repeat at position 2",
        "(?P<1a>x)|bad character in group name '1a' at position 4",
        "(?<n>x)|unknown extension ?<n at position 1",
        "\\x4|incomplete escape \\x4 at position 0",
        "(a|missing ), unterminated subpattern at position 0",
    })
    void patternsPythonRejectsFailWithItsMessage(String pattern, String message) {
        PythonRegex.Error e = assertThrows(PythonRegex.Error.class, () -> PythonRegex.compile(pattern));
        assertEquals(message, e.getMessage());
        assertEquals("re.error", e.type());
    }

    @Test
    void conditionalGroupsAreReportedAsUnsupported() {
        PythonRegex.Error e = assertThrows(PythonRegex.Error.class, () -> PythonRegex.compile("(a)?(?(1)b|c)"));
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
    }

    @Test
    void expandFollowsPythonTemplates() throws PythonRegex.Error {
        PythonRegex re = PythonRegex.compile("^(?P<k>\\w+)=(\\d+)?(x)?");
        Matcher m = re.matcher("key=12");
        assertTrue(m.find());
        assertEquals("key 12", re.expand(m, "\\1 \\2"));
        assertEquals("key:12", re.expand(m, "\\g<k>:\\g<2>"));
        assertEquals("[]", re.expand(m, "[\\3]"), "an unmatched group is empty");
        assertEquals("\n\t\\.", re.expand(m, "\\n\\t\\."), "escapes of non-letters stay as written");
        assertEquals("A\0", re.expand(m, "\\101\\0"));
        assertEquals("key=12", re.expand(m, "\\g<0>"));
        PythonRegex.Error bad = assertThrows(PythonRegex.Error.class, () -> re.expand(m, "\\10"));
        assertEquals("invalid group reference 10 at position 1", bad.getMessage());
        PythonRegex.Error name = assertThrows(PythonRegex.Error.class, () -> re.expand(m, "\\g<nope>"));
        assertEquals("IndexError", name.type());
        assertEquals("unknown group name 'nope'", name.getMessage());
        assertThrows(PythonRegex.Error.class, () -> re.expand(m, "\\q"));
    }
}
