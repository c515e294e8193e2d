package io.drover.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group ordering and variable layering; the merged result was checked with {@code ansible-inventory --host h1}. */
class InventoryVariablesTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private Inventory inv;

    private void write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @BeforeEach
    void setUp() throws IOException {
        write("inv.ini", """
                [alpha]
                h1 hv=src
                [zeta]
                h1
                [prio]
                h1
                [parent:children]
                alpha
                [prio:vars]
                ansible_group_priority=0
                p=prio
                [alpha:vars]
                a=alpha
                z=alpha
                p=alpha
                ini_all=alpha
                [zeta:vars]
                z=zeta
                [parent:vars]
                a=parent
                [all:vars]
                ini_all=all
                from_all=1
                """);
        write("group_vars/all.yml", "ini_all: groupvars_all\np: gv_all\n");
        write("group_vars/zeta/1.yml", "gz: 1\nz: gv_zeta\n");
        write("group_vars/zeta/2.yml", "gz: 2\n");
        write("group_vars/alpha.yaml", "p: gv_alpha\n");
        write("host_vars/h1.yml", "hv: host_vars\n");
        inv = new InventoryLoader(warnings::add).load(dir.resolve("inv.ini").toString());
    }

    @Test
    void groupsSortByDepthThenPriorityThenName() {
        assertEquals(List.of("all", "prio", "parent", "zeta", "alpha"),
                inv.groupsInPrecedenceOrder("h1").stream().map(Group::name).toList());
    }

    @Test
    void mergedHostVariablesMatchAnsible() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", "alpha");
        expected.put("from_all", 1);
        expected.put("gz", 2);
        expected.put("hv", "host_vars");
        expected.put("ini_all", "groupvars_all");
        expected.put("p", "gv_alpha");
        expected.put("z", "gv_zeta");
        assertEquals(expected, inv.hostVariables("h1"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void layersAreAvailableSeparately() {
        assertEquals(Map.of("hv", "src"), inv.hostSourceVars("h1"));
        assertEquals(Map.of("hv", "host_vars"), inv.hostDirVars("h1"));
        assertEquals(Map.of("z", "zeta"), inv.groupSourceVars(inv.group("zeta")));
        assertEquals(Map.of("gz", 2, "z", "gv_zeta"), inv.groupDirVars(inv.group("zeta")));
        assertEquals(Map.of("ini_all", "groupvars_all", "p", "gv_all"), inv.groupDirVars(inv.group("all")));
        assertEquals(Map.of(), inv.groupDirVars(inv.group("parent")));
    }

    @Test
    void magicGroupVariables() {
        assertEquals(List.of("alpha", "parent", "prio", "zeta"), inv.groupNames("h1"));
        Map<String, List<String>> groups = inv.groupsMagicVar();
        assertEquals(List.of("all", "ungrouped", "alpha", "zeta", "prio", "parent"), List.copyOf(groups.keySet()));
        assertEquals(List.of("h1"), groups.get("all"));
        assertEquals(List.of(), groups.get("ungrouped"));
        assertEquals(List.of("h1"), groups.get("parent"));
    }

    @Test
    void implicitLocalhostGetsOnlyAllGroupVariables() {
        Host local = inv.host("localhost");
        assertEquals(true, local.implicit());
        assertEquals("local", local.vars().get("ansible_connection"));
        assertSame(local, inv.host("127.0.0.1"));
        assertEquals(List.of("all"), inv.groupsInPrecedenceOrder("localhost").stream().map(Group::name).toList());
        assertEquals(List.of(), inv.groupNames("localhost"));
        Map<String, Object> vars = inv.hostVariables("localhost");
        assertEquals("groupvars_all", vars.get("ini_all"));
        assertEquals(1, vars.get("from_all"));
        assertEquals(List.of("h1"), inv.groupsMagicVar().get("all"));
        assertEquals(null, inv.inventoryHost("localhost"));
    }

    @Test
    void varsDirectoryFileForms(@TempDir Path base) throws IOException {
        Files.createDirectories(base.resolve("group_vars/g/sub"));
        Files.writeString(base.resolve("group_vars/g/b.yml"), "x: b\n");
        Files.writeString(base.resolve("group_vars/g/a"), "x: a\ny: a\n");
        Files.writeString(base.resolve("group_vars/g/sub/c.json"), "{\"z\": \"c\"}");
        Files.writeString(base.resolve("group_vars/g/.hidden.yml"), "x: hidden\n");
        Files.writeString(base.resolve("group_vars/g/d.yml~"), "x: backup\n");
        Files.writeString(base.resolve("group_vars/g/e.txt"), "x: text\n");
        Files.writeString(base.resolve("group_vars/g/empty.yml"), "");
        // NAME without extension wins over NAME.yml: only the first existing form is used
        Files.writeString(base.resolve("group_vars/h"), "v: plain\n");
        Files.writeString(base.resolve("group_vars/h.yml"), "v: yml\n");
        Files.writeString(base.resolve("group_vars/k.json"), "{\"v\": [1, 2]}");
        Files.createDirectories(base.resolve("host_vars"));
        Files.writeString(base.resolve("host_vars/web1.yaml"), "hv: 1\n");
        VarsDirectory vd = new VarsDirectory(base, new io.drover.yaml.YamlLoader(warnings::add));
        assertEquals(Map.of("x", "b", "y", "a", "z", "c"), vd.groupVars("g"));
        assertEquals(Map.of("v", "plain"), vd.groupVars("h"));
        assertEquals(Map.of("v", List.of(1, 2)), vd.groupVars("k"));
        assertEquals(Map.of(), vd.groupVars("missing"));
        assertEquals(Map.of("hv", 1), vd.hostVars("web1"));
        assertEquals(Map.of(), vd.hostVars("/etc/passwd"));
    }
}
