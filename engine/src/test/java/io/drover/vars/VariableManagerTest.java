package io.drover.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.inventory.Inventory;
import io.drover.inventory.InventoryLoader;
import io.drover.inventory.VarsDirectory;
import io.drover.template.Templar;
import io.drover.template.TemplarOptions;
import io.drover.yaml.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariableManagerTest {

    @TempDir
    Path dir;

    private VariableManager manager(Map<String, Object> extra) throws IOException {
        Path inv = dir.resolve("inv");
        Files.createDirectories(inv.resolve("group_vars"));
        Files.writeString(inv.resolve("hosts.yml"), """
                all:
                  vars: {level: all-source, only_all: a}
                  children:
                    web:
                      vars: {level: web-source}
                      hosts:
                        w1: {level_host: host-source}
                """);
        Files.writeString(inv.resolve("group_vars/all.yml"), "level: inv-group_vars-all\nfrom_inv_dir: yes\n");
        Path pb = dir.resolve("pb");
        Files.createDirectories(pb.resolve("group_vars"));
        Files.writeString(pb.resolve("group_vars/web.yml"), "level: pb-group_vars-web\n");
        Inventory inventory = new InventoryLoader(w -> { }).load(List.of(inv.resolve("hosts.yml").toString()));
        Templar templar = new Templar(new TemplarOptions(pb, w -> { }));
        return new VariableManager(inventory, new VarsDirectory(pb, new YamlLoader(w -> { })), extra,
                Map.of("playbook_dir", pb.toString()), templar);
    }

    @Test
    void precedenceFromInventoryToExtraVars() throws IOException {
        VariableManager vm = manager(Map.of("winner", "extra"));
        PlayScope play = new PlayScope(Map.of("winner", "play", "p", "play-only"), Map.of(), Map.of());
        VariableScope s = vm.scope("w1", play, Map.of("t", "task"), Map.of());
        assertEquals("pb-group_vars-web", s.get("level"), "playbook group_vars/<group> beats the rest of the group levels");
        assertEquals("host-source", s.get("level_host"));
        assertEquals(true, s.get("from_inv_dir"));
        assertEquals("extra", s.get("winner"));
        assertEquals("task", s.get("t"));
        vm.facts("w1").set("p", "set_fact");
        assertEquals("set_fact", vm.scope("w1", play, Map.of(), Map.of()).get("p"), "set_fact beats play vars");
    }

    @Test
    void valuesAreRenderedLazilyAgainstTheCurrentScope() throws IOException {
        VariableManager vm = manager(Map.of());
        PlayScope play = new PlayScope(Map.of("lazy", "{{ base | default('none') }}-x"), Map.of(), Map.of());
        assertEquals("none-x", vm.scope("w1", play, Map.of(), Map.of()).get("lazy"));
        vm.facts("w1").set("base", "b");
        assertEquals("b-x", vm.scope("w1", play, Map.of(), Map.of()).get("lazy"));
    }

    @Test
    void templatesNestedInContainersAreRendered() throws IOException {
        VariableManager vm = manager(Map.of());
        PlayScope play = new PlayScope(Map.of("model", Map.of("size", "{{ 4 * 2 }}", "tags", List.of("{{ 'a' | upper }}"))),
                Map.of(), Map.of());
        Map<?, ?> model = (Map<?, ?>) vm.scope("w1", play, Map.of(), Map.of()).get("model");
        assertEquals("8", model.get("size"));
        assertEquals(List.of("A"), model.get("tags"));
    }

    @Test
    void magicVariablesAndHostvars() throws IOException {
        VariableManager vm = manager(Map.of());
        PlayScope play = new PlayScope(Map.of("play_only", 1), Map.of(), Map.of("play_hosts", List.of("w1")));
        VariableScope s = vm.scope("w1", play, Map.of(), Map.of());
        assertEquals("w1", s.get("inventory_hostname"));
        assertEquals(List.of("web"), s.get("group_names"));
        assertEquals(List.of("w1"), ((Map<?, ?>) s.get("groups")).get("web"));
        Map<?, ?> hv = (Map<?, ?>) ((Map<?, ?>) s.get("hostvars")).get("w1");
        assertEquals("host-source", hv.get("level_host"));
        assertFalse(hv.containsKey("play_only"), "hostvars do not carry play vars");
        assertTrue(((Map<?, ?>) s.get("hostvars")).containsKey("w1"));
    }

    @Test
    void selfReferenceIsAnError() throws IOException {
        VariableManager vm = manager(Map.of());
        PlayScope play = new PlayScope(Map.of("loop", "{{ loop }}x"), Map.of(), Map.of());
        assertThrows(VariableException.class, () -> vm.scope("w1", play, Map.of(), Map.of()).get("loop"));
    }
}
