package io.stoker.gateway.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Lowers the OS scheduling priority of the calling thread: its Linux nice value (Linux keeps one per thread, and
 * {@code renice -p} of a thread id changes only that thread; threads it starts later inherit it). Java has no call for
 * it ({@link Thread#setPriority} is ignored on Linux), hence {@code /proc} for the thread's id and util-linux's
 * {@code renice}. Where either is missing, priorities stay, and it is logged.
 */
public final class ThreadNice {

    private static final Logger LOG = Logger.getLogger(ThreadNice.class);

    private ThreadNice() {}

    /** The highest nice value, the one that yields the most. */
    public static final int MAX = 19;

    /**
     * Refuses a nice value outside 0..{@value #MAX}, naming the setting it came from: before any thread would use it,
     * so a wrong setting stops the start instead of a thread.
     */
    public static int checked(int nice, String setting) {
        if (nice < 0 || nice > MAX) {
            throw new IllegalArgumentException(setting + " is 0 to " + MAX + ", not " + nice
                    + "; 0 keeps the gateway's priority");
        }
        return nice;
    }

    /**
     * Gives the calling thread the nice value {@code nice} (1 to {@value #MAX}; 0: nothing changes).
     *
     * @return whether it took effect
     */
    public static boolean lower(int nice) {
        if (checked(nice, "a nice value to lower to") == 0) {
            return false;
        }
        String id;
        try {
            id = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString(); // <pid>/task/<tid>
        } catch (IOException | UnsupportedOperationException e) {
            LOG.infof("thread %s keeps its priority: /proc cannot be read (not Linux?): %s",
                    Thread.currentThread().getName(), e.toString());
            return false;
        }
        List<String> command = List.of("renice", "-n", Integer.toString(nice), "-p", id);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return true;
            }
            p.destroyForcibly();
            LOG.infof("thread %s keeps its priority: '%s' failed", Thread.currentThread().getName(),
                    String.join(" ", command));
        } catch (IOException e) {
            LOG.infof("thread %s keeps its priority: renice cannot run (%s); install util-linux",
                    Thread.currentThread().getName(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The nice value of the calling thread, from {@code /proc/thread-self/stat}; 0 where it cannot be read. */
    public static int ofThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // After the command name in parentheses: state is field 3, nice is field 19.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
