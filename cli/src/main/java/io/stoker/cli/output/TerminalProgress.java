package io.stoker.cli.output;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Progress on a terminal: one line redrawn in place with a spinner, and a bar when the status
 * says "Step n/m" (the image builder's steps). A daemon ticker keeps the spinner turning during
 * long steps so the user sees the CLI is alive.
 */
final class TerminalProgress implements Progress {

    private static final String FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    private static final Pattern STEP = Pattern.compile("Step (\\d+)/(\\d+)");
    private static final int BAR = 20;

    private final PrintWriter err;
    private final int width;
    private final ScheduledExecutorService ticker;
    private String status = "";
    private int frame;
    private boolean closed;

    TerminalProgress(PrintWriter err, int width) {
        this.err = err;
        this.width = Math.max(20, width);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stoker-spinner");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 120, 120, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void status(String message) {
        status = message.replace('\n', ' ');
        draw();
    }

    @Override
    public synchronized void line(String message) {
        if (closed) {
            return;
        }
        err.print("\r\033[2K" + message + "\n");
        draw();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.shutdownNow();
        err.print("\r\033[2K");
        err.flush();
    }

    private synchronized void tick() {
        frame = (frame + 1) % FRAMES.length();
        draw();
    }

    private void draw() {
        if (closed) {
            return;
        }
        err.print("\r\033[2K" + render(status, FRAMES.charAt(frame), width));
        err.flush();
    }

    /** The one line drawn for {@code status}: spinner, optional step bar, message cut to the width. */
    static String render(String status, char spinner, int width) {
        StringBuilder sb = new StringBuilder().append(spinner).append(' ');
        Matcher m = STEP.matcher(status);
        if (m.find()) {
            int n = Integer.parseInt(m.group(1));
            int total = Math.max(1, Integer.parseInt(m.group(2)));
            int filled = Math.min(BAR, n * BAR / total);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
        }
        sb.append(status);
        return sb.length() > width - 1 ? sb.substring(0, width - 2) + "…" : sb.toString();
    }
}
