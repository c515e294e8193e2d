package io.drover.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected texts are what Python's difflib and ansible-playbook's callback print for the same input. */
class UnifiedDiffTest {

    @Test
    void twoHunksAndMissingNewline() {
        Map<String, Object> d = Map.of("before_header", "/x", "after_header", "/y",
                "before", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n", "after", "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm");
        assertEquals("--- before: /x\n+++ after: /y\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -10,3 +10,4 @@\n"
                + " j\n k\n l\n+m\n\\ No newline at end of file\n\n", UnifiedDiff.render(List.of(d), 3));
    }

    @Test
    void difflibsChoiceAmongMinimalDiffs() {
        Map<String, Object> d = Map.of("before", "x\ny\nx\ny\nz\n", "after", "y\nx\nz\nx\n");
        assertEquals("--- before\n+++ after\n@@ -1,5 +1,4 @@\n-x\n y\n x\n-y\n z\n+x\n\n", UnifiedDiff.render(d, 3));
    }

    @Test
    void dictsAsSortedIndentedJsonAndSkips() {
        Map<String, Object> d = Map.of("before", Map.of("path", "/p", "mode", "0644"),
                "after", Map.of("path", "/p", "mode", "0600"));
        assertEquals("--- before\n+++ after\n@@ -1,4 +1,4 @@\n {\n-    \"mode\": \"0644\",\n+    \"mode\": \"0600\",\n"
                + "     \"path\": \"/p\"\n }\n\n", UnifiedDiff.render(d, 3));
        assertEquals("diff skipped: source file appears to be binary\n", UnifiedDiff.render(Map.of("src_binary", 1), 3));
        assertEquals("", UnifiedDiff.render(Map.of("before", "same\n", "after", "same\n"), 3));
    }
}
