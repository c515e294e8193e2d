package io.drover.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads one stream to its end on its own virtual thread. A command's stdout, stderr and stdin must be serviced at the
 * same time: a process blocked writing a full stdout pipe stops reading stdin, and vice versa.
 */
final class StreamDrain {

    private final Thread thread;
    private volatile byte[] bytes = new byte[0];
    private volatile IOException failure;

    private StreamDrain(InputStream in) {
        this.thread = Thread.ofVirtual().name("drover-read").start(() -> {
            try (in) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                failure = e;
            }
        });
    }

    /** Starts reading {@code in} to its end. */
    static StreamDrain reading(InputStream in) {
        return new StreamDrain(in);
    }

    /**
     * Starts writing {@code data} to {@code out}, then closes it (end of file). Errors are ignored: a command that
     * exits without reading all of its stdin closes the pipe, which is not a failure of the transport.
     */
    static Thread writing(OutputStream out, byte[] data) {
        return Thread.ofVirtual().name("drover-stdin").start(() -> {
            try (out) {
                out.write(data);
                out.flush();
            } catch (IOException ignored) {
                // the command closed its stdin early; its exit status tells what happened
            }
        });
    }

    /** Waits for the end of the stream and returns everything read. */
    byte[] await() throws IOException {
        join(thread);
        if (failure != null) {
            throw failure;
        }
        return bytes;
    }

    /** Joins a helper thread, turning interruption into an IOException with the interrupt flag kept. */
    static void join(Thread t) throws IOException {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a command", e);
        }
    }
}
