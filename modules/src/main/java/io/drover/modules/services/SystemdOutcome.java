package io.drover.modules.services;

import io.drover.module.ModuleResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the sections {@link SystemdScript} printed into the result ansible-core 2.14's systemd module returns:
 * {@code name}, {@code changed}, {@code status} (the {@code systemctl show} dict as it was before any change),
 * {@code enabled} and {@code state} when asked for, or a failure with the module's message. Like Ansible's
 * {@code fail_json}, a failure carries only its message (and warnings), even after an earlier step changed the unit.
 */
final class SystemdOutcome {
    private SystemdOutcome() {
    }

    static ModuleResult of(SystemdRequest request, Map<String, String> s, List<String> warnings) {
        String unit = request.unit();
        if (s.containsKey("nosystemctl")) {
            return failed("Failed to find required executable \"systemctl\" in paths: " + s.get("nosystemctl"), warnings);
        }
        for (String step : List.of("reload", "reexec")) {
            if (s.containsKey(step + ".rc")) {
                String verb = step.equals("reload") ? "daemon-reload" : "daemon-reexec";
                return failed("failure " + s.get(step + ".rc") + " during " + verb + ": " + s.get(step + ".err"), warnings);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", unit);
        result.put("changed", false);
        Map<String, Object> status = new LinkedHashMap<>();
        result.put("status", status);
        if (unit == null) {
            return withWarnings(result, warnings);
        }
        if (s.containsKey("parsed")) {
            status.putAll(SystemctlShow.parse(s.getOrDefault("show.out", "")));
            if (s.containsKey("isactive.out")) {
                status.put("ActiveState", s.get("isactive.out").replaceAll("\n+$", ""));
            }
        }
        if (s.containsKey("loaderror")) {
            return failed("Error loading unit file '" + unit + "': " + status.get("LoadError"), warnings);
        }
        if (s.containsKey("bare.rc")) {
            String err = s.get("bare.err");
            return ModuleResult.builder().failed(err.stripTrailing())
                    .put("rc", Integer.parseInt(s.get("bare.rc").strip()))
                    .put("stdout", s.get("bare.out")).put("stderr", err)
                    .putAll(warningsOf(warnings)).build();
        }
        List<String> all = new ArrayList<>(warnings);
        if (s.containsKey("initd")) {
            all.add("The service (" + unit + ") is actually an init script but the system is managed by systemd");
        }
        if (s.containsKey("missing")) {
            return failed("Could not find the requested service " + unit + ": host", all);
        }
        boolean changed = s.containsKey("plan.mask") || s.containsKey("plan.enable") || s.containsKey("plan.state");
        if (s.containsKey("fail.enable.rc")) {
            return failed("Unable to " + s.get("plan.enable") + " service " + unit + ": "
                    + s.get("fail.enable.out") + s.get("fail.enable.err"), all);
        }
        if (request.enabled() != null) {
            // Ansible reports the state it leaves (or, in check mode, would leave): always the one asked for.
            result.put("enabled", request.enabled());
        }
        if (request.state() != null) {
            boolean restartLike = request.state().equals("restarted") || request.state().equals("reloaded");
            result.put("state", restartLike && status.containsKey("ActiveState") ? "started" : request.state());
        }
        if (s.containsKey("fail.state.rc")) {
            return failed("Unable to " + s.get("plan.state") + " service " + unit + ": " + s.get("fail.state.err"), all);
        }
        if (s.containsKey("offline")) {
            all.add("Target is a chroot or systemd is offline. This can lead to false positives or prevent the init "
                    + "system tools from working.");
        }
        if (s.containsKey("unknown")) {
            return ModuleResult.builder().failed("Service is in unknown state").put("status", status)
                    .putAll(warningsOf(all)).build();
        }
        result.put("changed", changed);
        return withWarnings(result, all);
    }

    private static ModuleResult failed(String msg, List<String> warnings) {
        return ModuleResult.builder().failed(msg).putAll(warningsOf(warnings)).build();
    }

    private static ModuleResult withWarnings(Map<String, Object> result, List<String> warnings) {
        return ModuleResult.builder().putAll(result).putAll(warningsOf(warnings)).build();
    }

    private static Map<String, Object> warningsOf(List<String> warnings) {
        return warnings.isEmpty() ? Map.of() : Map.of("warnings", List.copyOf(warnings));
    }
}
