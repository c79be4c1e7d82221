package io.stoker.runtime.engine.docker;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import io.stoker.runtime.engine.EngineException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Follows one image build: progress lines out, the build's own error text kept for the failure.
 *
 * <p>The engine sends a RUN step's output in chunks as the program wrote them, not in lines (npm
 * writes "npm" and " ERR! code …" apart), and wraps what the program wrote to stderr in terminal
 * colour codes. Lines are put back together across chunks and the colour codes dropped, so a
 * package manager's error reads in the progress as it did in a terminal.
 */
final class DockerBuild extends BuildImageResultCallback {

    /** ANSI SGR sequences (colours), which the legacy builder puts around a step's stderr. */
    private static final Pattern COLOUR = Pattern.compile("\u001B\\[[0-9;]*m");

    private final Consumer<String> progress;
    private final StringBuilder errorText = new StringBuilder();
    /** The start of a line whose end has not come yet. */
    private final StringBuilder partial = new StringBuilder();

    DockerBuild(Consumer<String> progress) {
        this.progress = progress;
    }

    @Override
    public void onNext(BuildResponseItem item) {
        if (item.getStream() != null) {
            lines(item.getStream());
        }
        if (item.isErrorIndicated()) {
            flush();
            String text = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage() : item.getError();
            synchronized (errorText) {
                errorText.append(errorText.length() > 0 ? "; " : "").append(text);
            }
            progress.accept("ERROR: " + text);
        }
        super.onNext(item);
    }

    @Override
    public void onComplete() {
        flush();
        super.onComplete();
    }

    @Override
    public void onError(Throwable throwable) {
        flush();
        super.onError(throwable);
    }

    /** Emits every complete line of {@code chunk} (after what was pending); keeps the rest. */
    private void lines(String chunk) {
        String text = COLOUR.matcher(chunk).replaceAll("");
        synchronized (partial) {
            int start = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                partial.append(text, start, nl);
                emit(partial.toString());
                partial.setLength(0);
                start = nl + 1;
            }
            partial.append(text, start, text.length());
        }
    }

    private void flush() {
        synchronized (partial) {
            emit(partial.toString());
            partial.setLength(0);
        }
    }

    private void emit(String line) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (!l.isBlank()) {
            progress.accept(l);
        }
    }

    RuntimeException failure(String tag, RuntimeException cause, DockerErrors errors) {
        flush();
        synchronized (errorText) {
            if (errorText.length() > 0) {
                return new EngineException("building image " + tag + " failed: " + errorText, cause);
            }
        }
        RuntimeException translated = errors.translate("build image " + tag, cause);
        return translated instanceof EngineException ? translated
                : new EngineException("building image " + tag + " failed: " + cause.getMessage(), cause);
    }
}
