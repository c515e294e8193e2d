package io.drover.modules.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decisions from facts in the shape the target prints them (parsed by {@link AptFacts}). */
class AptPlannerTest {

    /** hello installed at 2.10-2 with 2.10-3 available; jq available only; tree left as config files; awk virtual. */
    private static final Map<String, String> SECTIONS = Map.of(
            "dpkg", "hello\tamd64\tinstalled\t2.10-2\ntree\tamd64\tconfig-files\t2.1.0-1\njq\tamd64\tnot-installed\t\n",
            "files", "hello\ntree\narch amd64\n",
            "policy", """
                    hello:
                      Installed: 2.10-2
                      Candidate: 2.10-3
                      Version table:
                         2.10-3 500
                            500 file:/opt/drover-apt ./ Packages
                     *** 2.10-2 100
                            100 /var/lib/dpkg/status
                    jq:
                      Installed: (none)
                      Candidate: 1.6-2.1+deb12u2
                      Version table:
                         1.6-2.1+deb12u2 500
                            500 file:/opt/drover-apt ./ Packages
                    tree:
                      Installed: (none)
                      Candidate: 2.1.0-1
                      Version table:
                         2.1.0-1 500
                            500 file:/opt/drover-apt ./ Packages
                    awk:
                      Installed: (none)
                      Candidate: (none)
                      Version table:
                    """,
            "provides", "Package: hello\nPackage: jq\nPackage: tree\nPackage: awk\nmawk 1.3.4.20200120-3.1 (= )\n",
            "auto", "");

    private static final List<String> NAMES = List.of("hello", "jq", "tree", "awk", "nosuch");

    private static AptFacts facts() {
        return AptFacts.parse(NAMES, SECTIONS);
    }

    private static List<PackageSpec> specs(String... texts) {
        return java.util.Arrays.stream(texts).map(PackageSpec::parse).toList();
    }

    @Test
    void factsComeFromDpkgAndPolicy() {
        AptFacts.Package hello = facts().packages().get("hello");
        assertEquals(new AptFacts.Package("hello", "installed", "2.10-2", true, List.of("2.10-3", "2.10-2"), "2.10-3",
                List.of()), hello);
        assertEquals(List.of("mawk"), facts().packages().get("awk").providers());
        assertEquals(List.of(), facts().packages().get("nosuch").versions());
    }

    @Test
    void presentInstallsOnlyWhatIsMissingAtTheCandidate() throws Exception {
        AptPlanner.Install plan = AptPlanner.install(specs("hello", "jq"), facts(), false, false, false);
        assertEquals(List.of("jq=1.6-2.1+deb12u2"), plan.packages());
        assertEquals(List.of("hello", "jq"), plan.names());
    }

    @Test
    void latestUpgradesToTheCandidate() throws Exception {
        assertEquals(List.of("hello=2.10-3"), AptPlanner.install(specs("hello"), facts(), true, false, false).packages());
        assertEquals(List.of(), AptPlanner.install(specs("jq"), facts(), true, true, false).packages());
    }

    @Test
    void versionSpecs() throws Exception {
        assertEquals(List.of(), AptPlanner.install(specs("hello=2.10-2"), facts(), false, false, false).packages());
        assertEquals(List.of("hello=2.10-3"),
                AptPlanner.install(specs("hello=2.10-3"), facts(), false, false, false).packages());
        // Installed version matches the glob but so does a newer one: Ansible hands apt the glob.
        assertEquals(List.of("hello=2.10*"),
                AptPlanner.install(specs("hello=2.10*"), facts(), false, false, false).packages());
        assertEquals(List.of(), AptPlanner.install(specs("hello>=2.9"), facts(), false, false, false).packages());
        assertEquals(List.of("hello=2.10-3"),
                AptPlanner.install(specs("hello>=2.10-3"), facts(), false, false, false).packages());
    }

    @Test
    void failuresCarryAnsiblesMessages() {
        AptPlanner.PlanFailure none = assertThrows(AptPlanner.PlanFailure.class,
                () -> AptPlanner.install(specs("nosuch"), facts(), false, false, false));
        assertEquals("No package matching 'nosuch' is available", none.getMessage());
        AptPlanner.PlanFailure noVersion = assertThrows(AptPlanner.PlanFailure.class,
                () -> AptPlanner.install(specs("jq=9.9"), facts(), false, false, false));
        assertEquals("no available installation candidate for jq=9.9", noVersion.getMessage());
    }

    @Test
    void aVirtualNameIsLeftToApt() throws Exception {
        assertEquals(List.of("awk"), AptPlanner.install(specs("awk"), facts(), false, false, false).packages());
    }

    @Test
    void absentRemovesWhatIsInstalledAndPurgesLeftovers() throws Exception {
        assertEquals(List.of("hello"), AptPlanner.remove(specs("hello", "jq", "tree", "nosuch"), facts(), false));
        assertEquals(List.of("hello", "tree"), AptPlanner.remove(specs("hello", "jq", "tree"), facts(), true));
        assertEquals(List.of(), AptPlanner.remove(specs("hello=2.10-3"), facts(), false));
    }

    @Test
    void wildcardsExpandOverPackageNamesWithoutTheVersion() throws Exception {
        List<PackageSpec> expanded = AptModule.expand(specs("hel*=1*", "jq"), "hello\nhelp-me\njq\nhello:i386\n");
        assertEquals(List.of("hello", "help-me", "jq"), expanded.stream().map(PackageSpec::text).toList());
        AptPlanner.PlanFailure f = assertThrows(AptPlanner.PlanFailure.class, () -> AptModule.expand(specs("zz*"), "jq\n"));
        assertEquals("No package(s) matching 'zz*' available", f.getMessage());
    }
}
