package io.drover.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTextTest {

    @Test
    void quotesOnlyWhenNeeded() {
        assertEquals("plain/path-1.txt", ShellQuote.quote("plain/path-1.txt"));
        assertEquals("'it'\"'\"'s'", ShellQuote.quote("it's"));
        assertEquals("''", ShellQuote.quote(""));
        assertEquals("'$HOME'", ShellQuote.quote("$HOME"));
    }

    @Test
    void becomeWrapsWithSudoNonInteractively() {
        assertEquals("echo hi", Become.NONE.wrap("echo hi"));
        assertEquals("sudo -H -S -n -u root /bin/sh -c 'echo $HOME'",
                new Become(true, "root", "sudo", null).wrap("echo $HOME"));
        assertEquals("su app -s /bin/sh -c id", new Become(true, "app", "su", null).wrap("id"));
    }
}
