package io.drover.vars;

import io.drover.inventory.Group;
import io.drover.inventory.Inventory;
import io.drover.inventory.VarsDirectory;
import io.drover.playbook.Role;
import io.drover.template.Templar;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds each host's {@link VariableScope} with ansible-core's precedence (see ansible-compat execution.md §1),
 * lowest first: inventory (source group vars, group_vars/ beside inventory and playbook, host vars), facts, play
 * vars, vars_files, block and task vars, set_fact/register, magic variables, extra vars.
 */
public final class VariableManager {

    private final Inventory inventory;
    private final VarsDirectory playbookVars;
    private final Map<String, Object> extraVars;
    private final Map<String, Object> runMagic;
    private final Templar templar;
    private final Map<String, HostFacts> hosts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> inventoryLayers = new ConcurrentHashMap<>();

    /**
     * @param playbookVars group_vars/ and host_vars/ beside the playbook (may be empty)
     * @param extraVars    {@code -e} values
     * @param runMagic     magic variables that are the same for every host of the run (playbook_dir, omit, ...)
     */
    public VariableManager(Inventory inventory, VarsDirectory playbookVars, Map<String, Object> extraVars,
                           Map<String, Object> runMagic, Templar templar) {
        this.inventory = inventory;
        this.playbookVars = playbookVars;
        this.extraVars = extraVars;
        this.runMagic = runMagic;
        this.templar = templar;
    }

    public Templar templar() {
        return templar;
    }

    public Map<String, Object> extraVars() {
        return extraVars;
    }

    /** The state a run keeps for a host (facts, set_fact, register). */
    public HostFacts facts(String host) {
        return hosts.computeIfAbsent(host, h -> new HostFacts());
    }

    /** Inventory-side variables of a host (precedence 3 to 10), raw, merged once per run. */
    public Map<String, Object> inventoryVars(String host) {
        return inventoryLayers.computeIfAbsent(host, this::mergeInventoryVars);
    }

    private Map<String, Object> mergeInventoryVars(String host) {
        Map<String, Object> merged = new HashMap<>();
        List<Group> groups = inventory.groupsInPrecedenceOrder(host);
        List<Group> others = new ArrayList<>();
        Group all = null;
        for (Group g : groups) {
            merged.putAll(inventory.groupSourceVars(g));
            if (g.name().equals("all")) {
                all = g;
            } else {
                others.add(g);
            }
        }
        if (all != null) {
            merged.putAll(inventory.groupDirVars(all));
        }
        merged.putAll(playbookVars.groupVars("all"));
        merged.putAll(inventory.groupDirVars(others));
        for (Group g : others) {
            merged.putAll(playbookVars.groupVars(g.name()));
        }
        merged.putAll(inventory.hostSourceVars(host));
        merged.putAll(inventory.hostDirVars(host));
        merged.putAll(playbookVars.hostVars(host));
        return java.util.Collections.unmodifiableMap(merged);
    }

    /** The scope a task sees on a host. {@code taskVars} are block and task vars; {@code loopVars} item etc. */
    public VariableScope scope(String host, PlayScope play, Map<String, Object> taskVars, Map<String, Object> loopVars) {
        return scope(host, play, null, taskVars, loopVars);
    }

    /** The scope of a task of {@code role} (null outside roles), with the role's variables at their levels. */
    public VariableScope scope(String host, PlayScope play, Role role, Map<String, Object> taskVars,
                               Map<String, Object> loopVars) {
        HostFacts state = facts(host);
        List<Layer> layers = new ArrayList<>(12);
        if (!play.roleDefaults().isEmpty()) {
            layers.add(Layer.raw("role defaults", play.roleDefaults()));
        }
        if (role != null && !role.defaults().isEmpty()) {
            layers.add(Layer.raw("role defaults", role.defaults()));
        }
        layers.add(Layer.raw("inventory", inventoryVars(host)));
        layers.add(Layer.fixed("facts", new FactsView(state.facts())));
        layers.add(Layer.raw("play vars", play.playVars()));
        layers.add(Layer.raw("vars_files", play.varsFiles()));
        if (!play.roleVars().isEmpty()) {
            layers.add(Layer.raw("role vars", play.roleVars()));
        }
        if (role != null && !role.vars().isEmpty()) {
            layers.add(Layer.raw("role vars", role.vars()));
        }
        if (!taskVars.isEmpty()) {
            layers.add(Layer.raw("task vars", taskVars));
        }
        layers.add(Layer.fixed("set_fact/register", state.variables()));
        if (role != null && !role.params().isEmpty()) {
            layers.add(Layer.raw("role params", role.params()));
        }
        layers.add(Layer.fixed("magic", magic(host, play, role, loopVars)));
        layers.add(Layer.raw("extra vars", extraVars));
        return new VariableScope(layers, templar);
    }

    private Map<String, Object> magic(String host, PlayScope play, Role role, Map<String, Object> loopVars) {
        Map<String, Object> m = new LinkedHashMap<>(runMagic);
        m.putAll(play.magic());
        if (role != null) {
            m.put("role_name", role.name());
            m.put("ansible_role_name", role.name());
            m.put("role_path", role.path().toString());
            // Relative lookups and templates look in the role first, then beside the playbook.
            List<Object> search = new ArrayList<>();
            search.add(role.path().toString());
            if (runMagic.get("ansible_search_path") instanceof List<?> base) {
                search.addAll(base);
            }
            m.put("ansible_search_path", search);
        }
        m.put("inventory_hostname", host);
        int dot = host.indexOf('.');
        m.put("inventory_hostname_short", dot < 0 ? host : host.substring(0, dot));
        m.put("group_names", inventory.groupNames(host));
        io.drover.inventory.Host h = inventory.host(host);
        if (h != null && h.inventoryFile() != null) {
            m.put("inventory_file", h.inventoryFile());
            m.put("inventory_dir", h.inventoryDir());
        }
        m.put("groups", inventory.groupsMagicVar());
        m.put("hostvars", new HostVarsView(play));
        m.putAll(loopVars);
        return m;
    }

    /** {@code hostvars}: every host's variables, built only for the hosts actually looked at. */
    private final class HostVarsView extends AbstractMap<String, Object> {
        private final PlayScope play;

        HostVarsView(PlayScope play) {
            this.play = play;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String h && (inventory.host(h) != null || hosts.containsKey(h));
        }

        @Override
        public Object get(Object key) {
            // Ansible's hostvars hold inventory vars, facts, set_fact/register and extra vars, not play vars.
            return containsKey(key) ? scope((String) key, play.withoutPlayVars(), Map.of(), Map.of()) : null;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> all = new LinkedHashMap<>();
            inventory.hosts().keySet().forEach(h -> all.put(h, get(h)));
            return all.entrySet();
        }

        @Override
        public String toString() {
            return "hostvars";
        }
    }
}
