package io.stoker.runtime.engine;

/**
 * Why a container ended, as far as the engine can tell. The pool decides from it whether the calls it was serving
 * met a platform fault or caused the end themselves.
 */
public enum ExitCause {
    /** Killed or stopped from outside: {@code docker kill}, {@code stop}, {@code rm -f}, an engine shutdown. */
    KILLED,
    /** The engine killed it at its memory limit. */
    OUT_OF_MEMORY,
    /** Its process ended by itself (any exit code, a crash included). */
    EXITED,
    /** The engine no longer has it, and no exit was seen. */
    VANISHED;

    /**
     * The cause from what the engine reported: an out-of-memory kill, a kill from outside, else the exit code. A
     * process ended by SIGKILL (137) or SIGTERM (143) without either report was killed from outside too: a process
     * cannot SIGKILL its own container's first process, and an engine's stop sends SIGTERM.
     */
    public static ExitCause of(boolean oomKilled, boolean killedFromOutside, int exitCode) {
        if (oomKilled) {
            return OUT_OF_MEMORY;
        }
        if (killedFromOutside || exitCode == 137 || exitCode == 143) {
            return KILLED;
        }
        return EXITED;
    }
}
