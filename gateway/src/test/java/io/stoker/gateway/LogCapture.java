package io.stoker.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log line the gateway writes while open (its root logger, where Quarkus's JBoss LogManager sends everything),
 * formatted with its parameters and any exception, so a test can say what never appears in the log.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger stoker = Logger.getLogger("io.stoker");
    private java.util.logging.Level stokerLevel;

    /** Starts capturing, with Stoker's own loggers at DEBUG meanwhile (so more of what it could log is seen). */
    static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.setLevel(java.util.logging.Level.ALL);
        capture.stokerLevel = capture.stoker.getLevel();
        capture.stoker.setLevel(java.util.logging.Level.FINE);
        Logger.getLogger("").addHandler(capture);
        org.jboss.logging.Logger.getLogger("io.stoker.gateway.LogCapture").info("log capture started");
        if (capture.lines.stream().noneMatch(l -> l.contains("log capture started"))) {
            throw new AssertionError("the log capture does not see the gateway's loggers");
        }
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLoggerName() + " " + record.getMessage());
        if (record.getParameters() != null) {
            for (Object p : record.getParameters()) {
                line.append(' ').append(p);
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(' ').append(t);
        }
        lines.add(line.toString());
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        stoker.setLevel(stokerLevel);
    }
}
