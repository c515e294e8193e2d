package io.drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

    @Test
    void capturesOutputExitCodeEnvironmentAndDirectory() {
        ProcessResult result = ProcessRunner.of("sh", "-c", "cat; echo \"$GREETING\"; pwd; echo oops >&2; exit 3")
                .withEnv("GREETING", "hi")
                .inDirectory(Path.of("/"))
                .withStdin("from stdin\n")
                .run();

        assertEquals(3, result.exitCode());
        assertEquals("from stdin\nhi\n/\n", result.stdout());
        assertEquals("oops\n", result.stderr());
        assertFalse(result.timedOut());
    }

    @Test
    void removesInheritedVariables() {
        ProcessResult result = ProcessRunner.of("/usr/bin/env").withoutEnv("PATH").withEnv("KEPT", "yes").run();
        assertTrue(result.stdoutLines().contains("KEPT=yes"), result::describe);
        assertTrue(result.stdoutLines().stream().noneMatch(l -> l.startsWith("PATH=")), result::describe);
    }

    @Test
    void killsTheProcessTreeOnTimeout() {
        ProcessResult result = ProcessRunner.of("sh", "-c", "sleep 30 & wait")
                .withTimeout(Duration.ofMillis(300))
                .run();

        assertTrue(result.timedOut(), result::describe);
        assertFalse(result.succeeded());
        assertTrue(result.elapsed().compareTo(Duration.ofSeconds(10)) < 0, result::describe);
    }
}
