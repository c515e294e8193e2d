package io.drover.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading behaviour; expectations were checked against ansible-inventory 2.14. */
class InventoryLoaderTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Inventory load(String... sources) {
        return new InventoryLoader(warnings::add).load(sources);
    }

    private static List<String> hostNames(Inventory inv, String group) {
        return inv.group(group).hosts();
    }

    @Test
    void hostListPutsEverythingInUngrouped() {
        Inventory inv = load("a,b:2222, c ,");
        assertEquals(List.of("a", "b", "c"), List.copyOf(inv.hosts().keySet()));
        assertEquals(List.of("a", "b", "c"), hostNames(inv, Group.UNGROUPED));
        assertEquals(Map.of("ansible_port", 2222), inv.host("b").vars());
        assertEquals(List.of(Group.UNGROUPED), inv.group(Group.ALL).children());
        assertEquals("a,b:2222, c ,", inv.host("a").inventoryFile());
        assertNull(inv.host("a").inventoryDir());
        assertTrue(inv.varsDirectories().isEmpty());
        assertEquals(List.of(), warnings);
    }

    @Test
    void iniSectionsVarsChildrenAndLiterals() throws IOException {
        Path ini = write("hosts", """
                loose1 ansible_host=10.0.0.9   # before any section
                [prod:children]
                web
                dbs
                [web]
                web[01:02].example.com x=1 b=True z=[1,2] g=None d="42" f=0755 c=yes s='a b' t=a#comment
                jump.example.com:2200 ansible_user=admin
                [prod:vars]
                env=production
                ve=a=b
                port = 8080  # trailing comment dropped by literal_eval
                text = hello # kept for non-literals
                [dbs]
                db1
                [web]
                web03.example.com
                """);
        Inventory inv = load(ini.toString());
        assertEquals(List.of(), warnings);
        assertEquals(List.of("ungrouped", "prod"), inv.group(Group.ALL).children());
        assertEquals(List.of("web", "dbs"), inv.group("prod").children());
        assertEquals(List.of("web01.example.com", "web02.example.com", "jump.example.com", "web03.example.com"),
                hostNames(inv, "web"));
        assertEquals(List.of("loose1"), hostNames(inv, Group.UNGROUPED));
        Map<String, Object> v = inv.host("web01.example.com").vars();
        assertEquals(1, v.get("x"));
        assertEquals(true, v.get("b"));
        assertEquals(List.of(1, 2), v.get("z"));
        assertTrue(v.containsKey("g"));
        assertNull(v.get("g"));
        assertEquals(42, v.get("d"));
        assertEquals("0755", v.get("f"));
        assertEquals("yes", v.get("c"));
        assertEquals("a b", v.get("s"));
        assertEquals("a", v.get("t"));
        assertEquals(Map.of("ansible_port", 2200, "ansible_user", "admin"), inv.host("jump.example.com").vars());
        Map<String, Object> g = inv.group("prod").vars();
        assertEquals("production", g.get("env"));
        assertEquals("a=b", g.get("ve"));
        assertEquals(8080, g.get("port"));
        assertEquals("hello # kept for non-literals", g.get("text"));
        assertEquals(ini.toString(), inv.host("db1").inventoryFile());
        assertEquals(dir.toString(), inv.host("db1").inventoryDir());
    }

    @Test
    void iniGroupPriorityIsNotAVariable() throws IOException {
        Path ini = write("inv", "[g]\nh\n[g:vars]\nansible_group_priority=5\nx=1\n");
        Inventory inv = load(ini.toString());
        assertEquals(5, inv.group("g").priority());
        assertEquals(Map.of("x", 1), inv.group("g").vars());
    }

    @Test
    void iniUndefinedChildGroupSkipsWholeSource() throws IOException {
        Path ini = write("bad", "[web]\nw1\n[prod:children]\nweb\nnosuch\n");
        Inventory inv = load(ini.toString());
        assertTrue(inv.hosts().isEmpty());
        assertEquals(List.of(" * Failed to parse " + ini + " with yaml plugin: Syntax Error while loading YAML.",
                " * Failed to parse " + ini + " with ini plugin: " + ini + ":5: Section [prod:children] includes "
                        + "undefined group: nosuch",
                "Unable to parse " + ini + " as an inventory source",
                "No inventory was parsed, only implicit localhost is available"),
                warnings.stream().map(w -> w.contains("Syntax Error") ? w.substring(0, w.indexOf("YAML.") + 5) : w)
                        .toList());
    }

    @Test
    void iniErrorsAreWarnings() throws IOException {
        Path colon = write("colon.ini", "h1\nh3:\n");
        Path yamlish = write("yamlish.ini", "---\n");
        Path vars = write("vars.ini", "[g:vars]\nx=1\n");
        Path quote = write("quote.ini", "h1 a='x\n");
        Path good = write("good.ini", "ok\n");
        Inventory inv = load(colon.toString(), yamlish.toString(), vars.toString(), quote.toString(), good.toString());
        assertEquals(List.of("ok"), List.copyOf(inv.hosts().keySet()));
        assertTrue(warnings.contains(" * Failed to parse " + colon + " with ini plugin: Invalid host pattern 'h3:' "
                + "supplied, ending in ':' is not allowed, this character is reserved to provide a port."), warnings::toString);
        assertTrue(warnings.contains(" * Failed to parse " + yamlish + " with ini plugin: Invalid host pattern '---' "
                + "supplied, '---' is normally a sign this is a YAML file."), warnings::toString);
        assertTrue(warnings.contains(" * Failed to parse " + vars + " with ini plugin: " + vars
                + ":1: Section [g:vars] not valid for undefined group: g"), warnings::toString);
        assertTrue(warnings.contains(" * Failed to parse " + quote + " with ini plugin: " + quote
                + ":1: Error parsing host definition 'h1 a='x': No closing quotation"), warnings::toString);
        assertFalse(warnings.contains("No inventory was parsed, only implicit localhost is available"));
    }

    @Test
    void yamlGroupsHostsVarsAndChildren() throws IOException {
        Path yml = write("inv.yml", """
                all:
                  hosts:
                    solo: {ansible_host: 127.0.0.1}
                  vars: {globalvar: g}
                  children:
                    web:
                      hosts:
                        web[1:3]:
                        www.example.com:8080:
                          on: yes
                      vars: {http_port: 80}
                    prod:
                      children: {web: , db: }
                    db:
                      hosts: db1
                      bogus: {a: 1}
                      other: [1]
                """);
        Inventory inv = load(yml.toString());
        assertEquals(List.of("ungrouped", "web", "prod", "db"), inv.group(Group.ALL).children());
        assertEquals(List.of("web", "db"), inv.group("prod").children());
        assertEquals(List.of("web1", "web2", "web3", "www.example.com"), hostNames(inv, "web"));
        assertEquals(List.of("solo"), hostNames(inv, Group.ALL));
        assertEquals(List.of("solo"), hostNames(inv, Group.UNGROUPED));
        // YAML 1.1: the key "on" is the boolean true
        assertEquals(Map.of("ansible_port", 8080, "true", true), inv.host("www.example.com").vars());
        assertEquals(Map.of("globalvar", "g"), inv.group(Group.ALL).vars());
        assertEquals(List.of("db1"), hostNames(inv, "db"));
        assertEquals(List.of(
                "Skipping unexpected key (bogus) in group (db), only \"vars\", \"children\" and \"hosts\" are valid",
                "Skipping key (other) in group (db) as it is not a mapping, it is a "
                        + "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>"), warnings);
    }

    @Test
    void yamlErrorsAreWarnings() throws IOException {
        Path intHost = write("int.yml", "all:\n  hosts:\n    5:\n");
        Path list = write("list.yml", "- a\n- b\n");
        Path ok = write("ok.json", "{\"g\": {\"hosts\": {\"h\": {\"v\": [1]}}}}");
        Inventory inv = load(intHost.toString(), list.toString(), ok.toString());
        assertEquals(List.of("h"), List.copyOf(inv.hosts().keySet()));
        assertEquals(Map.of("v", List.of(1)), inv.host("h").vars());
        assertTrue(warnings.contains(" * Failed to parse " + intHost + " with yaml plugin: Host pattern 5 must be a "
                + "string. Enclose integers/floats in quotation marks."), warnings::toString);
        assertTrue(warnings.contains(" * Failed to parse " + list + " with yaml plugin: YAML inventory has invalid "
                + "structure, it should be a dictionary, got: <class 'ansible.parsing.yaml.objects.AnsibleSequence'>"),
                warnings::toString);
        assertTrue(warnings.contains("Unable to parse " + list + " as an inventory source"));
    }

    @Test
    void fileWithoutExtensionIsTriedAsYamlThenIni() throws IOException {
        Path yamlNoExt = write("y", "g:\n  hosts:\n    h1:\n");
        Path iniNoExt = write("i", "[g]\nh2\n");
        Inventory inv = load(yamlNoExt.toString(), iniNoExt.toString());
        assertEquals(List.of("h1", "h2"), hostNames(inv, "g"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void directorySourceReadsFilesAlphabeticallySkippingIgnoredOnes() throws IOException {
        write("inv/b.yml", "g:\n  hosts:\n    from_b:\n");
        write("inv/a", "[g]\nfrom_a\n");
        write("inv/sub/c.yaml", "g:\n  hosts:\n    from_sub:\n");
        write("inv/hosts.ini", "[g]\nignored_ini\n");
        write("inv/notes.md", "ignored\n");
        write("inv/old~", "ignored\n");
        write("inv/.hidden", "ignored\n");
        write("inv/group_vars/g.yml", "x: 1\n");
        write("inv/host_vars/from_a", "y: 2\n");
        Inventory inv = load(dir.resolve("inv").toString());
        assertEquals(List.of("from_a", "from_b", "from_sub"), hostNames(inv, "g"));
        assertEquals(List.of(), warnings);
        assertEquals(dir.resolve("inv"), inv.varsDirectories().get(0).base());
        assertEquals(Map.of("x", 1), inv.groupDirVars(inv.group("g")));
        assertEquals(Map.of("y", 2), inv.hostDirVars("from_a"));
    }

    @Test
    void sourcesMergeInOrderAndReconcileUngrouped() throws IOException {
        Path ini = write("b.ini", "[web]\nh1 x=2\n");
        Inventory inv = load("h1,h2", ini.toString());
        assertEquals(List.of("h2"), hostNames(inv, Group.UNGROUPED));
        assertEquals(List.of("h1"), hostNames(inv, "web"));
        assertEquals(Map.of("x", 2), inv.host("h1").vars());
        assertEquals(1, inv.varsDirectories().size());
    }

    @Test
    void missingSourceWarns() {
        Inventory inv = load("/nonexistent/inventory");
        assertTrue(inv.hosts().isEmpty());
        assertEquals(List.of("Unable to parse /nonexistent/inventory as an inventory source",
                "No inventory was parsed, only implicit localhost is available"), warnings);
        assertEquals(Map.of("all", List.of(), "ungrouped", List.of()), inv.groupsMagicVar());
    }

    @Test
    void depthsFollowTheLongestPathFromAll() throws IOException {
        Path ini = write("d.ini", "[a:children]\nb\n[b:children]\nc\n[c]\nh\n[x:children]\nc\n");
        Inventory inv = load(ini.toString());
        assertEquals(0, inv.group("all").depth());
        assertEquals(1, inv.group("a").depth());
        assertEquals(2, inv.group("b").depth());
        assertEquals(3, inv.group("c").depth());
        assertEquals(1, inv.group("x").depth());
    }

    @Test
    void invalidGroupCharactersWarnOnce() throws IOException {
        Path ini = write("g.ini", "[a-b]\nh1\n[1x]\nh2\n");
        load(ini.toString());
        assertEquals(List.of("Invalid characters were found in group names but not replaced, use -vvvv to see details"),
                warnings);
    }
}
