package io.stoker.cli.output;

import java.io.PrintWriter;

/** Progress for logs and pipes: every status and line printed once, as is. */
final class PlainProgress implements Progress {

    private final PrintWriter err;
    private String last = "";

    PlainProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void status(String message) {
        // the same status repeated (a poll loop) would flood a log file
        if (!message.equals(last)) {
            err.println("  " + message);
            err.flush();
            last = message;
        }
    }

    @Override
    public synchronized void line(String message) {
        err.println(message);
        err.flush();
    }

    @Override
    public void close() {
        err.flush();
    }
}
