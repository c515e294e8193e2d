package io.drover.playbook;

import java.nio.file.Path;
import java.util.List;

/** A parsed playbook file: its plays in order, with imported playbooks already inlined. */
public record Playbook(Path file, List<Play> plays) {
    public Playbook {
        plays = List.copyOf(plays);
    }

    /** The directory the playbook lives in: the base for relative paths, group_vars/ and host_vars/. */
    public Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }
}
