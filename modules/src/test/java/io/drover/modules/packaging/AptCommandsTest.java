package io.drover.modules.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AptCommandsTest {

    private static AptCommands.Flags flags(boolean check, boolean purge, Boolean recommends) {
        return new AptCommands.Flags(AptCommands.dpkgOptions("force-confdef,force-confold"), false, check, false, false,
                false, false, purge, null, recommends, false, false, false);
    }

    @Test
    void commandLinesKeepAnsiblesBlanks() {
        assertEquals("-o \"Dpkg::Options::=--force-confdef\" -o \"Dpkg::Options::=--force-confold\"",
                AptCommands.dpkgOptions("force-confdef,force-confold"));
        assertEquals("/usr/bin/apt-get -y -o \"Dpkg::Options::=--force-confdef\" -o \"Dpkg::Options::=--force-confold\""
                        + "       install 'hello=2.10-3' 'jq'",
                AptCommands.install("/usr/bin/apt-get", flags(false, false, null), List.of("'hello=2.10-3'", "'jq'"), false));
        assertEquals("/usr/bin/apt-get -y -o \"Dpkg::Options::=--force-confdef\" -o \"Dpkg::Options::=--force-confold\""
                        + "      --simulate install 'tree' -o APT::Install-Recommends=no",
                AptCommands.install("/usr/bin/apt-get", flags(true, false, false), List.of("'tree'"), false));
        assertEquals("/usr/bin/apt-get -q -y -o \"Dpkg::Options::=--force-confdef\" -o \"Dpkg::Options::=--force-confold\""
                        + " --purge    remove 'hello'",
                AptCommands.remove("/usr/bin/apt-get", flags(false, true, null), List.of("'hello'")));
        AptCommands.Upgrade up = AptCommands.upgrade("/usr/bin/apt-get", "", "dist", flags(false, false, null), true);
        assertEquals("dist-upgrade ", up.subcommand());
        assertEquals("/usr/bin/apt-get -y -o \"Dpkg::Options::=--force-confdef\" -o \"Dpkg::Options::=--force-confold\""
                + "      dist-upgrade ", up.commandLine());
    }

    @Test
    void preparedDiffIsTheSummaryBetweenStateAndCounts() {
        String out = """
                Reading package lists...
                Building dependency tree...
                Reading state information...
                The following NEW packages will be installed:
                  hello
                0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.
                Inst hello (2.10-3 drover-fleet [amd64])
                Conf hello (2.10-3 drover-fleet [amd64])
                """;
        assertEquals("The following NEW packages will be installed:\n  hello\n"
                + "0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.", AptCommands.prepared(out));
        assertEquals("a\nb", AptCommands.prepared("a\nb\n"));
    }
}
