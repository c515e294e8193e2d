package io.drover.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.error.DroverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlLoaderTest {

    private final List<String> warnings = new ArrayList<>();
    private final YamlLoader loader = new YamlLoader(warnings::add);

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String text) {
        return (Map<String, Object>) loader.load("t.yml", text).data();
    }

    @Test
    void scalarsFollowPyYamlsYaml11Rules() {
        Map<String, Object> m = map("a: yes\nb: off\nc: 0777\nd: 1e3\ne: 1.5e+3\nf: 1e-05\ng: '0644'\nh: ~\ni: 012\n");
        assertEquals(true, m.get("a"));
        assertEquals(false, m.get("b"));
        assertEquals(511, ((Number) m.get("c")).intValue());
        assertEquals("1e3", m.get("d"));
        assertEquals(1500.0, ((Number) m.get("e")).doubleValue());
        assertEquals("1e-05", m.get("f"));
        assertEquals("0644", m.get("g"));
        assertEquals(null, m.get("h"));
        assertEquals(10, ((Number) m.get("i")).intValue());
    }

    @Test
    void mergeKeysAndDuplicateWarnings() {
        Map<String, Object> m = map("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\ndup: 1\ndup: 2\n");
        assertEquals(Map.of("x", 1, "y", 3), m.get("child"));
        assertEquals(2, m.get("dup"));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("found a duplicate dict key (dup)"), warnings.get(0));
    }

    @Test
    void unquotedTemplateIsAnErrorWithLineAndColumn() {
        DroverException e = assertThrows(DroverException.class,
                () -> loader.load("play.yml", "- debug:\n    msg: {{ foo }}\n"));
        assertEquals(DroverException.Kind.PARSE, e.kind());
        assertEquals(2, e.location().line());
        assertTrue(e.getMessage().contains("found unacceptable key"), e.getMessage());
    }

    @Test
    void syntaxErrorsNameTheLine() {
        DroverException e = assertThrows(DroverException.class,
                () -> loader.load("bad.yml", "- hosts: all\n  tasks:\n    - debug: msg=hi\n   - x: 1\n"));
        assertEquals("bad.yml", e.location().file());
        assertEquals(4, e.location().line());
    }

    @Test
    void aliasBombsAreRejected() {
        StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'z'; c++) {
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                sb.append(i == 0 ? "" : ", ").append('*').append(prev);
            }
            sb.append("]\n");
            prev = c;
        }
        assertThrows(DroverException.class, () -> loader.load("bomb.yml", sb.toString()));
    }

    @Test
    void unsafeAndVaultTagsAndLocations() {
        YamlLoader.Document doc = loader.load("t.yml", "x: !unsafe '{{ raw }}'\nlist:\n  - a: 1\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) doc.data();
        assertInstanceOf(YamlLoader.UnsafeText.class, m.get("x"));
        assertEquals("{{ raw }}", m.get("x").toString());
        Object item = ((List<?>) m.get("list")).get(0);
        assertEquals(3, doc.locationOf(item).line());
        assertEquals(5, doc.locationOf(item).column());
    }
}
