package io.drover.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.error.DroverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every expectation here is what {@code ansible -i pat.ini PATTERN --list-hosts} printed on 2.14. */
class HostPatternTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private Inventory inv;

    @BeforeEach
    void setUp() throws IOException {
        Path ini = dir.resolve("pat.ini");
        Files.writeString(ini, """
                [web]
                web[1:4]
                www.example.com:8080
                [db]
                db-[a:b]
                [prod:children]
                web
                db
                [zeta]
                web1
                [alpha]
                web1
                """);
        inv = new InventoryLoader(warnings::add).load(ini.toString());
        warnings.clear();
    }

    private List<String> hosts(String pattern) {
        return inv.resolve(pattern).stream().map(Host::name).toList();
    }

    private static final List<String> ALL = List.of("web1", "web2", "web3", "web4", "www.example.com", "db-a", "db-b");
    private static final List<String> WEB = List.of("web1", "web2", "web3", "web4", "www.example.com");

    @Test
    void allAndUnions() {
        assertEquals(ALL, hosts("all"));
        assertEquals(ALL, hosts("*"));
        assertEquals(ALL, hosts("web:db"));
        assertEquals(ALL, hosts("web,db"));
        // results follow the pattern order, each part in inventory order
        assertEquals(List.of("db-a", "web1", "web2", "web3", "web4", "www.example.com"), hosts("db-a,web"));
        assertEquals(ALL, inv.resolve(List.of("web", "db")).stream().map(Host::name).toList());
        assertEquals(List.of(), warnings);
    }

    @Test
    void intersectionsAndExclusionsApplyAfterUnions() {
        assertEquals(List.of("db-a", "db-b"), hosts("prod:&db"));
        assertEquals(WEB, hosts("prod:!db"));
        assertEquals(List.of("web1", "web2", "web4", "www.example.com"), hosts("!web3:web"));
        assertEquals(List.of(), hosts("web:&zeta:!alpha"));
        assertEquals(List.of("db-a", "db-b"), hosts("&db"));
        assertEquals(WEB, hosts("!db"));
    }

    @Test
    void globsMatchGroupsAndHosts() {
        assertEquals(WEB, hosts("web*"));
        assertEquals(List.of("www.example.com"), hosts("*.com"));
        assertEquals(List.of("db-a", "db-b"), hosts("db-?"));
        assertEquals(List.of("db-a", "db-b"), hosts("db-[ab]"));
        assertEquals(List.of("db-b"), hosts("db-[!a]"));
    }

    @Test
    void regexIsAnchoredAtTheStart() {
        assertEquals(List.of("web1", "web2"), hosts("~web[12]"));
        assertEquals(List.of(), hosts("~eb"));
        assertEquals(List.of("Could not match supplied host pattern, ignoring: ~eb"), warnings);
    }

    @Test
    void subscripts() {
        assertEquals(List.of("web1"), hosts("web[0]"));
        assertEquals(List.of("www.example.com"), hosts("web[-1]"));
        assertEquals(List.of("web2", "web3"), hosts("web[1:2]"));
        assertEquals(List.of("web3", "web4", "www.example.com"), hosts("web[2:]"));
        assertEquals(List.of("web1"), hosts("web[0:0]"));
        assertEquals(List.of("web2", "web3"), hosts("web[1-2]"));
        assertEquals(List.of("Use [x:y] inclusive subscripts instead of [x-y] which has been removed"), warnings);
        DroverException e = assertThrows(DroverException.class, () -> hosts("web[10]"));
        assertEquals("No hosts matched the subscripted pattern 'web[10]'", e.getMessage());
    }

    @Test
    void namesAreCaseSensitiveAndUnknownNamesWarn() {
        assertEquals(List.of(), hosts("WEB"));
        assertEquals(List.of("db-a", "db-b"), hosts("nosuch:db"));
        assertEquals(List.of("Could not match supplied host pattern, ignoring: WEB",
                "Could not match supplied host pattern, ignoring: nosuch"), warnings);
        assertEquals(List.of(), hosts("ungrouped"));
    }

    @Test
    void implicitLocalhost() {
        List<Host> local = inv.resolve("localhost");
        assertEquals(1, local.size());
        assertTrue(local.get(0).implicit());
        assertEquals(ALL, hosts("all"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void inventoryOrderIsBreadthFirstOverGroups() throws IOException {
        Path yml = dir.resolve("o.yml");
        Files.writeString(yml, """
                all:
                  children:
                    prod:
                      children:
                        web:
                          hosts: {w1: , w2: }
                      hosts: {p1: }
                    db:
                      hosts: {d1: , w2: }
                """);
        Inventory o = new InventoryLoader(warnings::add).load(yml.toString());
        assertEquals(List.of("p1", "d1", "w2", "w1"), o.resolve("all").stream().map(Host::name).toList());
        assertEquals(List.of("p1", "w1", "w2"), o.resolve("prod").stream().map(Host::name).toList());
        assertEquals(List.of("w1", "w2", "d1"), o.resolve("w*:d1").stream().map(Host::name).toList());
        assertEquals(List.of("p1", "d1", "w2", "w1"), o.groupsMagicVar().get("all"));
    }

    @Test
    void limitRestrictsResolution() throws IOException {
        Set<String> allowed = inv.limit("web:!web1");
        assertEquals(Set.of("web2", "web3", "web4", "www.example.com"), allowed);
        assertEquals(List.of("web2", "web3", "web4", "www.example.com"),
                inv.resolve(List.of("all"), allowed).stream().map(Host::name).toList());
        assertEquals(Set.of("web2", "db-a"), inv.limit("web2,db-a"));
        Path file = dir.resolve("hosts.txt");
        Files.writeString(file, "web3\n\ndb-b\n");
        assertEquals(List.of("web3", "db-b"), List.copyOf(inv.limit("@" + file)));
        assertThrows(DroverException.class, () -> inv.limit("@" + dir.resolve("missing.txt")));
    }

    @Test
    void patternSplitting() {
        assertEquals(List.of("a", "b[1]", "c[2:3]", "d"), HostPatterns.split("a,b[1], c[2:3] , d"));
        assertEquals(List.of("web", "&db", "!x"), HostPatterns.split("web:&db:!x"));
        assertEquals(List.of("web[1:2]"), HostPatterns.split("web[1:2]"));
        assertEquals(List.of("::1"), HostPatterns.split("::1"));
        assertEquals(List.of("a", "b[1:2]"), HostPatterns.split("a:b[1:2]"));
    }
}
