package io.drover.inventory;

import java.util.Map;

/**
 * One inventory host as its sources defined it.
 *
 * @param name          inventory name ({@code inventory_hostname})
 * @param vars          variables set on the host in the inventory source itself (INI host line, YAML host entry,
 *                      {@code ansible_port} from {@code host:port}); group and vars-file values are not included
 * @param inventoryFile magic var {@code inventory_file}: the source in which the host first appeared, or null
 * @param inventoryDir  magic var {@code inventory_dir}: that source's directory (itself for a directory), or null
 * @param implicit      true only for the implicit localhost created on demand for a pattern naming it
 */
public record Host(String name, Map<String, Object> vars, String inventoryFile, String inventoryDir,
                   boolean implicit) {

    public Host {
        vars = Frozen.map(vars);
    }
}
