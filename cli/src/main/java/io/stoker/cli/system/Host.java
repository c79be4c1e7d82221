package io.stoker.cli.system;

import java.nio.file.Path;

/** The few POSIX calls the CLI makes; an interface so tests can pretend to be non-root. */
public interface Host {

    /** Signals the CLI sends. */
    enum Signal {
        TERM(15),
        KILL(9);

        public final int number;

        Signal(int number) {
            this.number = number;
        }
    }

    int effectiveUid();

    /** Whether file descriptor {@code fd} (1 stdout, 2 stderr) is a terminal. */
    boolean isatty(int fd);

    /** Whether this process may read and write {@code path} (e.g. the engine socket). */
    boolean canReadWrite(Path path);

    /** Sends {@code signal}; false when the process does not exist (or is not ours to signal). */
    boolean kill(long pid, Signal signal);

    /** Whether a process with this pid exists. */
    boolean alive(long pid);
}
