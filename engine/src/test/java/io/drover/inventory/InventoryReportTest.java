package io.drover.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drover.error.DroverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link InventoryReport} with output recorded once from the real {@code ansible-inventory} 2.14 on the
 * samples in {@code inventory-samples/} (see src/test/resources/inventory/README.md for the commands).
 */
class InventoryReportTest {

    private static final Path SAMPLES = Path.of("..", "inventory-samples");

    private static String expected(String name) throws IOException {
        String text;
        try (var in = InventoryReportTest.class.getResourceAsStream("/inventory/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // ansible-inventory ends its output with one newline; the report returns the document only
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static InventoryReport report(List<String> warnings, String... sources) {
        List<String> paths = new ArrayList<>();
        for (String s : sources) {
            paths.add(SAMPLES.resolve(s).toString());
        }
        return new InventoryReport(new InventoryLoader(warnings::add).load(paths));
    }

    private static InventoryReport report(String... sources) {
        return report(new ArrayList<>(), sources);
    }

    @Test
    void yamlListMatchesAnsible() throws IOException {
        assertEquals(expected("yml-list.json"), report("ml-fleet.yml").list());
    }

    @Test
    void yamlExportMatchesAnsible() throws IOException {
        assertEquals(expected("yml-list-export.json"), report("ml-fleet.yml").list(true));
    }

    @Test
    void yamlGraphMatchesAnsible() throws IOException {
        assertEquals(expected("yml-graph.txt"), report("ml-fleet.yml").graph(null, false));
    }

    @Test
    void yamlGraphOfGroupWithVarsMatchesAnsible() throws IOException {
        assertEquals(expected("yml-graph-ml_servers-vars.txt"), report("ml-fleet.yml").graph("ml_servers", true));
    }

    @Test
    void yamlHostMatchesAnsible() throws IOException {
        assertEquals(expected("yml-host-gpu05.json"), report("ml-fleet.yml").host("gpu05.ml.example.com"));
    }

    @Test
    void iniListMatchesAnsible() throws IOException {
        assertEquals(expected("ini-list.json"), report("ml-fleet.ini").list());
    }

    @Test
    void iniGraphMatchesAnsible() throws IOException {
        assertEquals(expected("ini-graph.txt"), report("ml-fleet.ini").graph(null, false));
    }

    @Test
    void iniHostMatchesAnsible() throws IOException {
        assertEquals(expected("ini-host-gpu05.json"), report("ml-fleet.ini").host("gpu05.ml.example.com"));
    }

    @Test
    void directoryListMatchesAnsible() throws IOException {
        List<String> warnings = new ArrayList<>();
        assertEquals(expected("dir-list.json"), report(warnings, "ml-fleet-dir").list());
        assertEquals(List.of(), warnings);
    }

    @Test
    void directoryGraphMatchesAnsible() throws IOException {
        assertEquals(expected("dir-graph.txt"), report("ml-fleet-dir").graph(null, false));
    }

    @Test
    void directoryHostMatchesAnsible() throws IOException {
        assertEquals(expected("dir-host-gpu4.json"), report("ml-fleet-dir").host("gpu4"));
    }

    @Test
    void twoSourcesMergedMatchAnsible() throws IOException {
        assertEquals(expected("multi-list.json"), report("ml-fleet.yml", "ml-fleet-dir").list());
    }

    @Test
    void unknownGraphGroupAndAmbiguousHostAreOptionErrors() {
        InventoryReport r = report("ml-fleet.yml");
        DroverException graph = assertThrows(DroverException.class, () -> r.graph("nope", false));
        assertEquals("Pattern must be valid group name when using --graph", graph.getMessage());
        assertEquals(DroverException.Kind.OPTIONS, graph.kind());
        DroverException host = assertThrows(DroverException.class, () -> r.host("gpu_nodes"));
        assertEquals("You must pass a single valid host to --host parameter", host.getMessage());
    }

    @Test
    void jsonFormattingFollowsPython() {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("b", List.of());
        m.put("a", new java.util.LinkedHashMap<>());
        m.put("f", List.of(1e20, 1e-5, 0.0001, 1000.0, -0.0015, 1e16, 1234567890123456.0, 0.1));
        m.put("s", "tab\tesc\u001bü");
        assertEquals("{\n    \"a\": {},\n    \"b\": [],\n    \"f\": [\n        1e+20,\n        1e-05,\n        0.0001,\n"
                + "        1000.0,\n        -0.0015,\n        1e+16,\n        1234567890123456.0,\n        0.1\n    ],\n"
                + "    \"s\": \"tab\\tesc\\u001bü\"\n}", InventoryReport.json(m));
    }
}
