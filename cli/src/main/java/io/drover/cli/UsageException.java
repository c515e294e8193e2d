package io.drover.cli;

/** An option value the command line cannot accept; reported like an argparse usage error (exit 2). */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
