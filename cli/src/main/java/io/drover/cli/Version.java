package io.drover.cli;

import picocli.CommandLine;

/** {@code --version}: Drover's version and the ansible-core behaviour it follows. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[]{"drover " + (v == null ? "0.1.0-SNAPSHOT" : v),
                "  compatible with ansible-core 2.14",
                "  java version = " + System.getProperty("java.version")};
    }
}
