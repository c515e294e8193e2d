package io.drover.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one external command and captures its output. Immutable: each {@code with...} returns a
 * copy, so a configured runner can be shared between tests.
 *
 * <p>On timeout the process and all its descendants are killed and the result says
 * {@code timedOut}; the test decides whether that is a failure.
 */
public final class ProcessRunner {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** After exit, how long to wait for output still held open by a daemonised grandchild. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    private final List<String> command;
    private final Map<String, Optional<String>> envChanges;
    private final Path directory;
    private final Duration timeout;
    private final String stdin;

    private ProcessRunner(
            List<String> command, Map<String, Optional<String>> envChanges, Path directory, Duration timeout,
            String stdin) {
        this.command = List.copyOf(command);
        this.envChanges = Map.copyOf(envChanges);
        this.directory = directory;
        this.timeout = timeout;
        this.stdin = stdin;
    }

    public static ProcessRunner of(String... command) {
        return of(List.of(command));
    }

    public static ProcessRunner of(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return new ProcessRunner(command, Map.of(), null, DEFAULT_TIMEOUT, null);
    }

    /** Sets an environment variable for the child (the rest is inherited from this JVM). */
    public ProcessRunner withEnv(String name, String value) {
        var changes = new HashMap<>(envChanges);
        changes.put(name, Optional.of(value));
        return new ProcessRunner(command, changes, directory, timeout, stdin);
    }

    public ProcessRunner withEnv(Map<String, String> values) {
        var runner = this;
        for (var e : values.entrySet()) {
            runner = runner.withEnv(e.getKey(), e.getValue());
        }
        return runner;
    }

    /** Removes an inherited environment variable from the child's environment. */
    public ProcessRunner withoutEnv(String name) {
        var changes = new HashMap<>(envChanges);
        changes.put(name, Optional.empty());
        return new ProcessRunner(command, changes, directory, timeout, stdin);
    }

    public ProcessRunner inDirectory(Path dir) {
        return new ProcessRunner(command, envChanges, dir, timeout, stdin);
    }

    public ProcessRunner withTimeout(Duration limit) {
        return new ProcessRunner(command, envChanges, directory, limit, stdin);
    }

    /** Text fed to the child's stdin (which is otherwise empty, never the test JVM's stdin). */
    public ProcessRunner withStdin(String text) {
        return new ProcessRunner(command, envChanges, directory, timeout, text);
    }

    /** The same settings with more arguments appended. */
    public ProcessRunner withArgs(List<String> more) {
        var all = new ArrayList<>(command);
        all.addAll(more);
        return new ProcessRunner(all, envChanges, directory, timeout, stdin);
    }

    public List<String> command() {
        return command;
    }

    /** Runs the command and waits for it; throws only if it cannot be started. */
    public ProcessResult run() {
        var builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        var env = builder.environment();
        envChanges.forEach((name, value) -> value.ifPresentOrElse(v -> env.put(name, v), () -> env.remove(name)));
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        // Fed from its own thread so a child that does not read cannot block us before the timeout.
        Thread.ofVirtual().start(() -> feed(process.getOutputStream(), stdin));

        boolean timedOut;
        try {
            timedOut = !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        if (timedOut) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        int exit = process.isAlive() ? -1 : process.exitValue();
        return new ProcessResult(command, exit, collect(out), collect(err), elapsed, timedOut);
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        var result = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.complete("<output unreadable: " + e + ">");
            }
        });
        return result;
    }

    private static void feed(OutputStream stream, String text) {
        try (stream) {
            if (text != null) {
                stream.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The child exited without reading its stdin; its exit code tells the story.
        }
    }

    private static String collect(CompletableFuture<String> output) {
        try {
            return output.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "<output still open " + DRAIN_GRACE + " after exit (held by a background process)>";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "<interrupted>";
        } catch (ExecutionException e) {
            return "<output unreadable: " + e.getCause() + ">";
        }
    }
}
