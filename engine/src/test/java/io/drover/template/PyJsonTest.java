package io.drover.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PyJsonTest {

    @Test
    void compactMatchesPythonJsonDumpsWithSortedKeys() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rc", 1L);
        m.put("cmd", List.of("/bin/false"));
        m.put("changed", true);
        m.put("stderr", "");
        m.put("none", null);
        m.put("f", 1.5);
        m.put("g", 2.0);
        m.put("u", "héllo \"q\"\n\t");
        assertEquals("{\"changed\": true, \"cmd\": [\"/bin/false\"], \"f\": 1.5, \"g\": 2.0, \"none\": null, "
                + "\"rc\": 1, \"stderr\": \"\", \"u\": \"héllo \\\"q\\\"\\n\\t\"}", PyJson.compact(m));
    }

    @Test
    void indentedUsesFourSpacesAndEmptyContainersStayInline() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msg", "hello");
        m.put("list", Arrays.asList(1L, null));
        m.put("empty", Map.of());
        assertEquals("{\n    \"empty\": {},\n    \"list\": [\n        1,\n        null\n    ],\n    \"msg\": \"hello\"\n}",
                PyJson.indented(m));
    }

}
