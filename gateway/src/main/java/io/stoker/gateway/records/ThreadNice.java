package io.stoker.gateway.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Lowers OS scheduling priorities of this process's threads: their Linux nice values, thread by thread (Linux keeps a
 * nice value per thread, and {@code renice -p} of a thread id changes only that thread; threads it starts later
 * inherit it). Java has no call for it ({@link Thread#setPriority} is ignored on Linux), hence {@code /proc} for the
 * threads' ids and names and util-linux's {@code renice}. Where either is missing, priorities stay, and it is logged.
 */
public final class ThreadNice {

    private static final Logger LOG = Logger.getLogger(ThreadNice.class);

    private ThreadNice() {}

    /** The highest nice value, the one that yields the most. */
    public static final int MAX = 19;

    /**
     * Gives the calling thread, and the threads of this process whose names start with one of
     * {@code namePrefixes}, the nice value {@code nice} (1 to {@value #MAX}; 0: nothing changes).
     *
     * @return whether it took effect
     */
    public static boolean lower(int nice, List<String> namePrefixes) {
        if (nice < 0 || nice > MAX) {
            throw new IllegalArgumentException("a nice value to lower to is 0 to " + MAX + ", not " + nice);
        }
        if (nice == 0) {
            return false;
        }
        List<String> ids = new ArrayList<>();
        try {
            ids.add(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()); // <pid>/task/<tid>
            if (!namePrefixes.isEmpty()) {
                try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                    tasks.filter(t -> named(t, namePrefixes)).forEach(t -> ids.add(t.getFileName().toString()));
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.infof("the record writer keeps its priority: /proc cannot be read (not Linux?): %s", e.toString());
            return false;
        }
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
        command.addAll(ids);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return true;
            }
            p.destroyForcibly();
            LOG.infof("the record writer keeps its priority: '%s' failed", String.join(" ", command));
        } catch (IOException e) {
            LOG.infof("the record writer keeps its priority: renice cannot run (%s); install util-linux", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static boolean named(Path task, List<String> prefixes) {
        try {
            String name = Files.readString(task.resolve("comm")).strip();
            return prefixes.stream().anyMatch(name::startsWith);
        } catch (IOException e) {
            return false; // the thread ended meanwhile
        }
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
