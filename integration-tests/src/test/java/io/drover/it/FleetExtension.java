package io.drover.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link Fleet}, {@link Machines}, {@link AnsibleRunner} or {@link DroverRunner} parameter.
 * The fleet is started once per test JVM (in the root store, so JUnit closes it when the whole plan
 * has run); the systemd machines likewise, but only when a test first asks for {@link Machines}.
 * If either cannot start, every test asking for it fails with fleet.sh's output; nothing is skipped.
 *
 * <pre>{@code
 * @ExtendWith(FleetExtension.class)
 * class MyTest {
 *     @Test void works(Fleet fleet, AnsibleRunner ansible, DroverRunner drover) { ... }
 * }
 * }</pre>
 */
public final class FleetExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FleetExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Fleet.class || type == Machines.class || type == AnsibleRunner.class || type == DroverRunner.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == Machines.class) {
            return machines(context);
        }
        Fleet fleet = fleet(context);
        if (type == AnsibleRunner.class) {
            return new AnsibleRunner(fleet);
        }
        if (type == DroverRunner.class) {
            return new DroverRunner(fleet);
        }
        return fleet;
    }

    /** The JVM-wide fleet, started on first use. */
    public static Fleet fleet(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Fleet.class, k -> Fleet.up(Fleet.SIZE), Fleet.class);
    }

    /** The JVM-wide systemd machines, started (after the fleet) on first use. */
    public static Machines machines(ExtensionContext context) {
        Fleet fleet = fleet(context);
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Machines.class, k -> Machines.up(fleet, Machines.SIZE), Machines.class);
    }
}
