package io.drover.modules.services;

import io.drover.module.ArgSpec;
import io.drover.module.ArgSpec.Type;
import io.drover.module.Args;

/**
 * The systemd module's arguments after validation. {@code enabled}/{@code masked} are null when not given; {@code state}
 * is null or one of started, stopped, restarted, reloaded.
 */
record SystemdRequest(String unit, String state, Boolean enabled, Boolean masked, boolean daemonReload,
                      boolean daemonReexec, String scope, boolean noBlock, boolean force) {

    /**
     * Ansible's spec. Its required_one_of (state, enabled, masked, daemon_reload, daemon_reexec) never fires: the
     * false defaults of daemon_reload/daemon_reexec are filled in before the check counts the keys, so a task
     * with only {@code name} is valid and just reports the unit's status.
     */
    static ArgSpec spec() {
        return ArgSpec.builder()
                .add(ArgSpec.option("name", Type.STR).aliases("service", "unit"))
                .add(ArgSpec.option("state", Type.STR).choices("reloaded", "restarted", "started", "stopped"))
                .add(ArgSpec.option("enabled", Type.BOOL))
                .add(ArgSpec.option("force", Type.BOOL))
                .add(ArgSpec.option("masked", Type.BOOL))
                .add(ArgSpec.option("daemon_reload", Type.BOOL).withDefault(false).aliases("daemon-reload"))
                .add(ArgSpec.option("daemon_reexec", Type.BOOL).withDefault(false).aliases("daemon-reexec"))
                .add(ArgSpec.option("scope", Type.STR).withDefault("system").choices("system", "user", "global"))
                .add(ArgSpec.option("no_block", Type.BOOL).withDefault(false))
                .build();
    }

    static SystemdRequest of(Args args) {
        return new SystemdRequest(args.str("name"), args.str("state"), (Boolean) args.raw("enabled"),
                (Boolean) args.raw("masked"), args.bool("daemon_reload"), args.bool("daemon_reexec"),
                args.str("scope"), args.bool("no_block"), args.bool("force"));
    }

    /** The message Ansible fails with before touching the host (required_by, glob patterns), or null. */
    String invalid() {
        if (unit == null) {
            for (String[] by : new String[][] {{"state", state}, {"enabled", str(enabled)}, {"masked", str(masked)}}) {
                if (by[1] != null) {
                    return "missing parameter(s) required by '" + by[0] + "': name";
                }
            }
            return null;
        }
        for (String glob : new String[] {"*", "?", "["}) {
            if (unit.contains(glob)) {
                return "This module does not currently support using glob patterns, found '" + glob
                        + "' in service name: " + unit;
            }
        }
        return null;
    }

    private static String str(Boolean b) {
        return b == null ? null : b.toString();
    }

    /** The options systemctl gets before its verb, as Ansible appends them. */
    String systemctlOptions() {
        StringBuilder sb = new StringBuilder();
        if (!"system".equals(scope)) {
            sb.append(" --").append(scope);
        }
        if (noBlock) {
            sb.append(" --no-block");
        }
        if (force) {
            sb.append(" --force");
        }
        return sb.toString().strip();
    }
}
