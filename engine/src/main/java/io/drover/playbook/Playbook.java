package io.drover.playbook;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed playbook file: its plays in order, with imported playbooks already inlined.
 *
 * @param rolesPath where roles were looked up besides {@code roles/} beside the playbook (ansible.cfg
 *                  {@code roles_path}); files and roles included at run time are looked up the same way
 */
public record Playbook(Path file, List<Play> plays, List<Path> rolesPath) {
    public Playbook {
        plays = List.copyOf(plays);
        rolesPath = List.copyOf(rolesPath);
    }

    public Playbook(Path file, List<Play> plays) {
        this(file, plays, List.of());
    }

    /** The directory the playbook lives in: the base for relative paths, group_vars/ and host_vars/. */
    public Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }
}
