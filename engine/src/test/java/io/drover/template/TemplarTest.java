package io.drover.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Templar API behaviour beyond the recorded Ansible case table (errors, conditions, files, laziness, threads). */
class TemplarTest {

    private final List<String> warnings = new ArrayList<>();
    private final Templar templar = new Templar(new TemplarOptions(Path.of("/"), warnings::add));

    private static Map<String, Object> vars(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void stringsWithoutMarkersComeBackAsTheyAre() throws Exception {
        String s = "no template here";
        assertSame(s, templar.template(s, Map.of()));
        assertFalse(Templar.isTemplate("a { b } %"));
        assertTrue(Templar.isTemplate("{# c #}"));
    }

    @Test
    void rendersNestedStructuresButNotMapKeysNorUnsafeText() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("{{ k }}", List.of("{{ n }}", "x{{ n }}"));
        value.put("raw", new YamlLoader.UnsafeText("{{ n }}"));
        Object out = templar.template(value, vars("n", 5L, "k", "key"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("{{ k }}", List.of(5L, "x5"));
        expected.put("raw", new YamlLoader.UnsafeText("{{ n }}"));
        assertEquals(expected, out);
    }

    @Test
    void undefinedErrorsUseAnsibleWording() {
        TemplateException e = assertThrows(TemplateException.class, () -> templar.template("{{ x }}", Map.of()));
        assertEquals("'x' is undefined", e.getMessage());
        assertTrue(e.isUndefined());
        assertEquals("'dict object' has no attribute 'on'", assertThrows(TemplateException.class,
                () -> templar.template("a {{ d.on }}", vars("d", Map.of("a", 1L)))).getMessage());
        assertEquals("'undefvar' is undefined", assertThrows(TemplateException.class,
                () -> templar.template("{{ undefvar + 1 }}", Map.of())).getMessage());
        assertEquals("list object has no element 5", assertThrows(TemplateException.class,
                () -> templar.template("{{ l[5] }}", vars("l", List.of(1L)))).getMessage());
        assertEquals("'nofn' is undefined", assertThrows(TemplateException.class,
                () -> templar.template("{{ nofn(1) }}", Map.of())).getMessage());
    }

    @Test
    void unknownFiltersAndTestsFailInsteadOfRenderingNothing() {
        assertEquals("template error while templating string: Could not load \"nofilter\": 'nofilter'. String: {{ x | nofilter }}",
                assertThrows(TemplateException.class, () -> templar.template("{{ x | nofilter }}", vars("x", 1L))).getMessage());
        assertEquals("template error while templating string: Could not load \"notest\": 'notest'. String: {{ 1 is notest }}",
                assertThrows(TemplateException.class, () -> templar.template("{{ 1 is notest }}", Map.of())).getMessage());
        assertTrue(assertThrows(TemplateException.class, () -> templar.template("{{ 1 + }}", Map.of()))
                .getMessage().startsWith("template error while templating string: "));
    }

    @Test
    void mandatoryFilterMessages() {
        assertEquals("Mandatory variable 'x'  not defined.",
                assertThrows(TemplateException.class, () -> templar.template("{{ x | mandatory }}", Map.of())).getMessage());
        assertEquals("custom msg", assertThrows(TemplateException.class,
                () -> templar.template("{{ x | mandatory('custom msg') }}", Map.of())).getMessage());
    }

    @Test
    void defaultOmitKeepsThePlaceholder() throws Exception {
        String omit = "__omit_place_holder__abc";
        assertEquals(omit, templar.template("{{ m | default(omit) }}", vars("omit", omit)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "n > 3 ; true", "{{ n > 3 }} ; true", "s ; true", "empty ; false", "zero ; false", "nothing ; false",
        "lst ; false", "n is defined and nofoo is undefined ; true", "'false' ; true", "false ; false",
        "s == 'false' ; true", "n in [1, 5] ; true", "s | bool ; false"})
    void conditionsUseJinjaTruthiness(String condition, boolean expected) throws Exception {
        Map<String, Object> v = vars("n", 5L, "s", "false", "empty", "", "zero", 0L, "nothing", null, "lst", List.of());
        assertEquals(expected, templar.condition(condition, v));
    }

    @Test
    void conditionsOnBooleansAndUndefined() throws Exception {
        assertTrue(templar.condition(true, Map.of()));
        assertFalse(templar.condition(false, Map.of()));
        assertEquals("'x' is undefined",
                assertThrows(TemplateException.class, () -> templar.condition("x", Map.of())).getMessage());
    }

    @Test
    void evaluateReturnsNativeValues() throws Exception {
        Map<String, Object> v = vars("n", 5L, "l", List.of(1L, 2L));
        assertEquals(6L, templar.evaluate("n + 1", v));
        assertEquals(List.of(1L, 2L, 3L), templar.evaluate("{{ l + [3] }}", v));
        assertEquals(Map.of("a", 1L), templar.evaluate("{'a': 1}", v));
        assertEquals(2.5, templar.evaluate("n / 2", v));
        assertEquals(null, templar.evaluate("none", v));
        assertEquals(List.of(List.of(1L, "a")), templar.evaluate("[1] | zip(['a']) | list", v));
        assertEquals("a1", templar.evaluate("'a1' | regex_search('\\d+') | default('a') ~ ''", v) instanceof String
                ? "a1" : "x");
        assertEquals("1", templar.evaluate("'a1' | regex_search('\\d+')", v));
    }

    @Test
    void plusWithoutSpacesParses() throws Exception {
        // Whatever the spaced form gives (Ansible's rules for the type of a rendered value apply to both).
        assertEquals(templar.template("{{ 1 + 1 }}", Map.of()), templar.template("{{ 1+1 }}", Map.of()));
        assertEquals("2", String.valueOf(templar.template("{{ 1+1 }}", Map.of())));
        assertEquals("6", String.valueOf(templar.template("{{ x+1 }}", vars("x", 5L))));
        assertEquals("6", String.valueOf(templar.template("{{ 1 +x }}", vars("x", 5L))));
        assertEquals("ab", templar.template("{{ 'a'+'b' }}", Map.of()));
        assertEquals("a+b", templar.template("{{ 'a+b' }}", Map.of()));
    }

    @Test
    void templateFilesKeepTrailingNewlineAndTrimBlocks() throws Exception {
        String src = "{# c #}\n{% for i in items %}\n  - {{ i }}\n{% endfor %}\n";
        assertEquals("  - a\n  - b\n", templar.renderText(src, vars("items", List.of("a", "b")), TextOptions.DEFAULT));
        String header = "#jinja2: trim_blocks: False\n{% if true %}\nx\n{% endif %}\n";
        assertEquals("\nx\n\n", templar.renderText(header, Map.of(), TextOptions.DEFAULT));
        assertEquals("v=1 [1, 'a'] True\n",
                templar.renderText("v={{ n }} {{ l }} {{ t }}\n", vars("n", 1L, "l", List.of(1L, "a"), "t", true), null));
        assertEquals("\\d\n", templar.renderText("{{ '\\\\d' }}\n", Map.of(), null));
    }

    @Test
    void customDelimitersLeaveStandardSyntaxAsText() throws Exception {
        // Expected texts rendered by Jinja2 with the same environment options (trim_blocks, keep_trailing_newline).
        Delimiters square = new Delimiters("[[", "]]", "[%", "%]", "[#", "#]");
        TextOptions opts = TextOptions.DEFAULT.withDelimiters(square);
        Map<String, Object> v = vars("x", "X", "y", "Y");
        assertEquals("X {{ go }} {% raw %} {#c#}\nyes Y\nend{X\n", templar.renderText(
                "[[ x ]] {{ go }} {% raw %} {#c#}\n[% if y %]\nyes [[ y ]]\n[% endif %]\n[# note #]\nend{[[ x ]]\n", v, opts));
        assertEquals("a [[ x ]] {{ z }} b %]X\n",
                templar.renderText("a [% raw %][[ x ]] {{ z }}[% endraw %] b [[ '%]' ~ x ]]\n", v, opts));
        TextOptions angle = TextOptions.DEFAULT.withDelimiters(Delimiters.STANDARD.with("<<", ">>", null, null, null, null));
        assertEquals("1{{x}}\n2{{x}}\n",
                templar.renderText("{% for i in l %}<< i >>{{x}}\n{% endfor %}", vars("l", List.of(1L, 2L)), angle));
        assertEquals("X {{ y }}\n", templar.renderText(
                "#jinja2: variable_start_string: '[[', variable_end_string: ']]'\n[[ x ]] {{ y }}\n", v, null));
    }

    @Test
    void lookupsResolveAgainstSearchPath(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("files"));
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("files/f.txt"), "content\n\n");
        Files.writeString(dir.resolve("templates/t.j2"), "hi {{ who }}\n");
        Map<String, Object> v = vars("ansible_search_path", List.of(dir.toString()), "who", "bob");
        assertEquals("content", templar.template("{{ lookup('file', 'f.txt') }}", v));
        assertEquals("hi bob\n", templar.template("{{ lookup('template', 't.j2') }}", v));
        assertEquals(dir.resolve("files/f.txt").toString(),
                templar.template("{{ lookup('first_found', ['nope.txt', 'f.txt']) }}", v));
        assertEquals(dir.resolve("files/f.txt").toString(),
                templar.template("{{ lookup('first_found', {'files': ['nope', 'f.txt'], 'paths': ['" + dir.resolve("files") + "']}) }}", v));
        assertEquals(List.of(dir.resolve("files/f.txt").toString()), templar.template("{{ query('fileglob', '*.txt') }}", v));
        assertEquals("could not locate file in lookup: missing.txt",
                assertThrows(TemplateException.class, () -> templar.template("{{ lookup('file', 'missing.txt') }}", v)).getMessage());
        assertEquals("", templar.template("{{ lookup('file', 'missing.txt', errors='warn') }}", v));
        assertEquals(1, warnings.size());
        Map<String, Object> pb = vars("playbook_dir", dir.toString());
        assertEquals("content", templar.template("{{ lookup('ansible.builtin.file', 'f.txt') }}", pb));
    }

    @Test
    void envLookupUsesConfiguredEnvironment() throws Exception {
        Templar t = new Templar(new TemplarOptions(Path.of("/"), w -> { }, Map.of("HOME_X", "/h")));
        assertEquals("/h", t.template("{{ lookup('env', 'HOME_X') }}", Map.of()));
        assertEquals("", t.template("{{ lookup('env', 'UNSET_X') }}", Map.of()));
    }

    @Test
    void regexPatternsWithPythonSyntax() throws Exception {
        Map<String, Object> v = vars("s", "user_name=bob");
        assertEquals(List.of("bob"), templar.template("{{ s | regex_search('(?P<user_name>\\w+)=(?P<v>\\w+)', '\\g<v>') }}", v));
        assertEquals("bob:user_name", templar.evaluate("s | regex_replace('(\\w+)=(\\w+)', '\\\\2:\\\\1')", v));
        assertEquals("a$b", templar.evaluate("'a-b' | regex_replace('-', '$')", v));
    }

    @Test
    void jinjavaKeywordsWorkAsNames() throws Exception {
        Map<String, Object> v = vars("empty", "", "div", 2L, "d", Map.of("eq", 1L));
        assertEquals(true, templar.evaluate("empty is falsy", v));
        assertEquals(4L, templar.evaluate("div * 2", v));
        assertEquals(1L, templar.evaluate("d.eq", v));
    }

    @Test
    void nestedDictLiteralBeforeClosingDelimiter() throws Exception {
        assertEquals(Map.of("a", Map.of("b", 1L)), templar.template("{{ {'a': {'b': 1}} }}", Map.of()));
    }

    @Test
    void variablesAreOnlyReadByKey() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Map<String, Object> lazy = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                throw new AssertionError("vars must not be iterated");
            }

            @Override
            public boolean containsKey(Object key) {
                return key.toString().startsWith("v");
            }

            @Override
            public Object get(Object key) {
                reads.incrementAndGet();
                return key.toString().length() == 2 ? (long) key.toString().charAt(1) - '0' : null;
            }
        };
        assertEquals("3", templar.template("{{ v1 + v2 }}", lazy));
        assertEquals(true, templar.template("{{ w is undefined }}", lazy));
        assertTrue(reads.get() >= 2);
    }

    @Test
    void listAppendMutatesTheVariable() throws Exception {
        List<Object> l = new ArrayList<>(List.of(1L));
        assertEquals("", templar.template("{{ l.append(2) }}", vars("l", l)));
        assertEquals(List.of(1L, 2L), l);
    }

    @Test
    void manyThreadsRenderConcurrently() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                long n = i;
                results.add(pool.submit(() -> templar.template(
                        "{{ (n * 2) ~ '-' ~ (items | map('upper') | join(',')) }}{% for x in items %}{{ x }}{% endfor %}",
                        vars("n", n, "items", List.of("a", "b")))));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals((i * 2) + "-A,Bab", results.get(i).get());
            }
        }
    }

    @Test
    void pythonLiteralParsing() {
        assertEquals(List.of(1L, "a", true, new HashMap<>(Map.of("k", 2.5))),
                PythonLiteral.parseOr("[1, 'a', True, {'k': 2.5}]", null));
        assertEquals(List.of("it's", "x\"y", "tab\t"), PythonLiteral.parseOr("[\"it's\", 'x\"y', 'tab\\t']", null));
        assertEquals(List.of(List.of(1L, 2L)), PythonLiteral.parseOr("[(1, 2)]", null));
        assertEquals("nope", PythonLiteral.parseOr("[1, foo]", "nope"));
        assertEquals(Map.of(), PythonLiteral.parseOr("{}", null));
        assertEquals(null, PythonLiteral.parseOr("None", "x"));
        assertEquals(List.of(-3L, 0x1fL, 1e3), PythonLiteral.parseOr("[-3, 0x1f, 1e3,]", null));
    }

    @Test
    void pythonFloatRepr() {
        assertEquals("1e+20", PythonRepr.floatRepr(1e20));
        assertEquals("1e-05", PythonRepr.floatRepr(1e-5));
        assertEquals("0.0001", PythonRepr.floatRepr(1e-4));
        assertEquals("2.0", PythonRepr.floatRepr(2.0));
        assertEquals("1e+16", PythonRepr.floatRepr(1e16));
        assertEquals("123456789012345.0", PythonRepr.floatRepr(123456789012345.0));
        assertEquals("-0.5", PythonRepr.floatRepr(-0.5));
    }
}
