package io.drover.modules.services;

/** {@code systemd_service}: the same module as {@code systemd} under its newer name (one file in ansible-core 2.14). */
public final class SystemdServiceModule extends SystemdModule {

    @Override
    public String name() {
        return "systemd_service";
    }
}
