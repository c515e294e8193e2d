package io.drover.modules.files;

import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;

/**
 * The arguments every Ansible file module accepts ({@code add_file_common_args}). Drover applies owner, group and
 * mode; SELinux contexts, attributes and unsafe_writes are accepted so playbooks load, and have no effect.
 */
public final class FileArgs {
    private FileArgs() {
    }

    public static ArgSpec.Builder common(ArgSpec.Builder b) {
        return b.add(ArgSpec.option("mode", Type.RAW))
                .add(ArgSpec.option("owner", Type.STR))
                .add(ArgSpec.option("group", Type.STR))
                .add(ArgSpec.option("attributes", Type.STR).aliases("attr"))
                .add(ArgSpec.option("seuser", Type.STR))
                .add(ArgSpec.option("serole", Type.STR))
                .add(ArgSpec.option("setype", Type.STR))
                .add(ArgSpec.option("selevel", Type.STR))
                .add(ArgSpec.option("unsafe_writes", Type.BOOL).withDefault(false));
    }
}
