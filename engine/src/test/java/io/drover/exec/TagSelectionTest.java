package io.drover.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tag table checked on ansible-core 2.14 (ansible-compat execution.md §7). */
class TagSelectionTest {

    // A play tagged "playtag" whose tasks are tagged: none, t1, always, never, [never, debug].
    private static final List<List<String>> TASKS = List.of(
            List.of("playtag"), List.of("playtag", "t1"), List.of("playtag", "always"),
            List.of("playtag", "never"), List.of("playtag", "never", "debug"));

    private static List<Integer> selected(List<String> tags, List<String> skip) {
        TagSelection s = TagSelection.of(tags, skip);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < TASKS.size(); i++) {
            if (s.selects(TASKS.get(i))) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void matchesAnsiblesTable() {
        assertEquals(List.of(0, 1, 2), selected(List.of(), List.of()));
        assertEquals(List.of(1, 2), selected(List.of("t1"), List.of()));
        assertEquals(List.of(2, 3, 4), selected(List.of("never"), List.of()));
        assertEquals(List.of(2, 4), selected(List.of("debug"), List.of()));
        assertEquals(List.of(0, 1, 2, 3, 4), selected(List.of("playtag"), List.of()));
    }

    @Test
    void skipTagsAndSpecialValues() {
        assertEquals(List.of(0, 2), selected(List.of(), List.of("t1")));
        assertEquals(List.of(2), selected(List.of(), List.of("all")));
        assertEquals(List.of(), selected(List.of(), List.of("all,always")));
        TagSelection untagged = TagSelection.of(List.of("untagged"), List.of());
        assertEquals(true, untagged.selects(List.of()));
        assertEquals(false, untagged.selects(List.of("x")));
        TagSelection tagged = TagSelection.of(List.of("tagged"), List.of());
        assertEquals(false, tagged.selects(List.of()));
        assertEquals(true, tagged.selects(List.of("x")));
        assertEquals(false, tagged.selects(List.of("never")));
    }
}
