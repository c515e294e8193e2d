package io.drover.connection.openssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenSshArgsTest {

    private static OpenSshArgs parse(String... args) throws SshConfigException {
        return OpenSshArgs.parse(List.of(args), Path.of("/home/u"));
    }

    @Test
    void readsOptionFormsAndFlagsInOrder() throws Exception {
        OpenSshArgs a = parse("-o", "Port=1", "-oUser=x", "-o", "StrictHostKeyChecking no", "-p22", "-4Cl", "bob",
                "-F", "/cfg", "-v", "host");
        assertEquals(List.of("port", "user", "stricthostkeychecking", "port", "addressfamily", "user"),
                a.options().stream().map(SshOption::keyword).toList());
        assertEquals("no", a.options().get(2).value());
        assertEquals(List.of("bob"), a.options().get(5).words());
        assertTrue(a.compression());
        assertEquals("/cfg", a.configFile());
        assertEquals("host", a.destination());
        assertTrue(a.warnings().isEmpty(), a.warnings().toString());
    }

    @Test
    void destinationUserAndPortCountWhereTheyStand() throws Exception {
        OpenSshArgs a = parse("ssh://ann@h.example:2200");
        assertEquals("h.example", a.destination());
        assertEquals(List.of("user", "port"), a.options().stream().map(SshOption::keyword).toList());
        assertEquals("h:22", parse("u@h:22").destination(), "only ssh:// URIs carry a port");
    }

    @Test
    void missingIdentityFilesAndUnknownFlagsAreWarnings() throws Exception {
        OpenSshArgs a = parse("-i", "/nonexistent/key", "-N", "-W", "x:1", "h");
        assertTrue(a.options().isEmpty());
        assertEquals(3, a.warnings().size(), a.warnings().toString());
        assertTrue(a.warnings().get(0).contains("/nonexistent/key"));
        assertTrue(a.warnings().get(1).contains("-N"));
    }

    @Test
    void rejectsWhatSshRejects() {
        assertThrows(SshConfigException.class, () -> parse("-J", "a", "-J", "b", "h"));
        assertThrows(SshConfigException.class, () -> parse("-o", "Host=x", "h"));
        assertThrows(SshConfigException.class, () -> parse("-p"));
    }

    @Test
    void configWordsSplitLikeOpenSsh() throws Exception {
        assertEquals(List.of("/tmp/a b", "c", "d\"e"), ConfigWords.split("\"/tmp/a b\" c d\\\"e # trailing", "t"));
        assertEquals(List.of("a#b"), ConfigWords.split("a#b", "t"));
        assertThrows(SshConfigException.class, () -> ConfigWords.split("\"open", "t"));
        assertFalse(SshTokens.glob("web-001", "web-??"));
        assertTrue(SshTokens.glob("web-01", "web-??"));
        assertEquals(5400, SshTokens.seconds("1h30m", "t"));
    }
}
