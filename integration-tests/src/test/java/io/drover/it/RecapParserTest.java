package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecapParserTest {

    @Test
    void readsTheLastRecapInPrintedOrder() {
        String output = """
                PLAY [first] *******************************************************************

                PLAY RECAP *********************************************************************
                old                        : ok=9    changed=9    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0

                PLAY [second] ******************************************************************

                TASK [ping] ********************************************************************
                fatal: [gone]: UNREACHABLE! => {"changed": false, "msg": "...", "unreachable": true}
                ok: [web1]

                PLAY RECAP *********************************************************************
                web1                       : ok=1    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   \s
                gone                       : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0   \s
                db-2.example.com           : ok=4    changed=3    unreachable=0    failed=1    skipped=5    rescued=6    ignored=7   \s

                [WARNING]: something after the recap
                """;

        Map<String, HostRecap> recap = RecapParser.parse(output);

        assertEquals(List.of("web1", "gone", "db-2.example.com"), List.copyOf(recap.keySet()));
        assertEquals(new HostRecap(1, 0, 0, 0, 0, 0, 0), recap.get("web1"));
        assertEquals(new HostRecap(0, 0, 1, 0, 0, 0, 0), recap.get("gone"));
        assertEquals(new HostRecap(4, 3, 0, 1, 5, 6, 7), recap.get("db-2.example.com"));
    }

    @Test
    void aRecapWithoutHostsIsEmpty() {
        assertEquals(Map.of(), RecapParser.parse("PLAY RECAP *****\n\n"));
    }

    @Test
    void outputWithoutRecapIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> RecapParser.parse("ERROR! the playbook could not be found\n"));
    }
}
