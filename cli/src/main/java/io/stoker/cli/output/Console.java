package io.stoker.cli.output;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Where the CLI writes: results to {@code out}, messages and progress to {@code err} (so that
 * {@code stoker list -o json | jq} stays clean). Knows whether each is a terminal.
 */
public final class Console {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean outTty;
    private final boolean errTty;
    private final Map<String, String> env;

    public Console(PrintWriter out, PrintWriter err, boolean outTty, boolean errTty, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.outTty = outTty;
        this.errTty = errTty;
        this.env = env;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean outIsTerminal() {
        return outTty;
    }

    /** A result line on stdout. */
    public void println(String line) {
        out.println(line);
        out.flush();
    }

    /** An informational line on stderr. */
    public void info(String line) {
        err.println(line);
        err.flush();
    }

    /** An error, on stderr, prefixed so it stands out among other output. */
    public void error(String message) {
        err.println("error: " + message);
        err.flush();
    }

    /** A spinner on a terminal, plain lines otherwise. */
    public Progress progress() {
        if (!errTty) {
            return new PlainProgress(err);
        }
        int width = 80;
        try {
            width = Integer.parseInt(env.getOrDefault("COLUMNS", "80"));
        } catch (NumberFormatException ignored) {
            // keep 80
        }
        return new TerminalProgress(err, width);
    }
}
