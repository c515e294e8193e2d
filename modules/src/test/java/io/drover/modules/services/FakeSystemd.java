package io.drover.modules.services;

import io.drover.module.Module;
import io.drover.modules.ShellModuleContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Units kept by the {@code fake-systemctl} test resource in a directory, and module contexts whose PATH finds that
 * stand-in first, so the systemd script's decisions run for real on this machine without systemd.
 */
record FakeSystemd(Path dir) {

    static FakeSystemd in(Path dir) {
        try {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            try (InputStream in = FakeSystemd.class.getResourceAsStream("fake-systemctl")) {
                Files.write(bin.resolve("systemctl"), in.readAllBytes());
            }
            Files.setPosixFilePermissions(bin.resolve("systemctl"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Path state = Files.createDirectories(dir.resolve("state"));
            Files.writeString(state.resolve("log"), "");
            return new FakeSystemd(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path state() {
        return dir.resolve("state");
    }

    /** A unit with the given ActiveState and is-enabled answer. */
    FakeSystemd unit(String name, String active, String enabled, String... markers) {
        try {
            Path u = Files.createDirectories(state().resolve(name));
            Files.writeString(u.resolve("active"), active + "\n");
            Files.writeString(u.resolve("enabled"), enabled + "\n");
            for (String m : markers) {
                Files.writeString(u.resolve(m), "");
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes every {@code systemctl <verb>} fail (for daemon-reload and the like). */
    FakeSystemd failing(String verb) {
        try {
            Files.writeString(state().resolve("fail-" + verb), "");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String active(String name) {
        return read(state().resolve(name).resolve("active"));
    }

    String enabled(String name) {
        return read(state().resolve(name).resolve("enabled"));
    }

    /** systemctl's command lines so far, one per call. */
    List<String> calls() {
        return read(state().resolve("log")).lines().toList();
    }

    ShellModuleContext context(Module module, Object... kv) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        return ShellModuleContext.of(module, args)
                .env("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"))
                .env("FAKE_SYSTEMD", state().toString());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
