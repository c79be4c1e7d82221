package io.stoker.cli.output;

/** Shows a long operation: a transient status that the next one replaces, and permanent lines. */
public interface Progress extends AutoCloseable {

    /** The current step ("Step 2/7 : RUN javac ..."); replaces the previous status on a terminal. */
    void status(String message);

    /** A line that stays ("built stoker-fn/hello:abc"). */
    void line(String message);

    /** Clears the transient status; nothing is drawn after this. */
    @Override
    void close();
}
