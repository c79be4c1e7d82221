package io.stoker.runtime.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ResponseItem;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows one pull or push: turns the engine's progress items into readable lines, keeps the error the stream
 * reported and the digest a push ends with.
 *
 * <p>The engine sends a status item for every few kilobytes of every layer; passing them all on would flood a
 * deploy's progress. A layer's line goes out when its step changes ("Pulling fs layer", "Downloading",
 * "Pull complete"), and during a transfer at each quarter of its size.
 */
final class DockerTransfer<T extends ResponseItem> extends ResultCallback.Adapter<T> {

    private static final Pattern DIGEST_LINE = Pattern.compile("digest: (sha256:[a-f0-9]{64})");

    private final Consumer<String> progress;
    /** Per layer id: its last step and the quarter of its transfer last shown. */
    private final Map<String, String> lastStep = new HashMap<>();
    private final Map<String, Integer> lastQuarter = new HashMap<>();
    private final StringBuilder errorText = new StringBuilder();
    private volatile String digest = "";

    DockerTransfer(Consumer<String> progress) {
        this.progress = progress;
    }

    @Override
    public void onNext(T item) {
        if (item.isErrorIndicated()) {
            String text = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage() : item.getError();
            synchronized (errorText) {
                errorText.append(errorText.length() > 0 ? "; " : "").append(text);
            }
            progress.accept("ERROR: " + text);
            return;
        }
        if (item.getAux() != null && item.getAux().getDigest() != null) {
            digest = item.getAux().getDigest();
        }
        String status = item.getStatus();
        if (status == null || status.isBlank()) {
            return;
        }
        Matcher m = DIGEST_LINE.matcher(status);
        if (m.find() && digest.isEmpty()) {
            digest = m.group(1);
        }
        String id = item.getId();
        if (id == null || id.isBlank() || status.startsWith("Pulling from")) {
            progress.accept(status.strip());
            return;
        }
        layer(id, status.strip(), item.getProgressDetail());
    }

    private synchronized void layer(String id, String status, ResponseItem.ProgressDetail detail) {
        boolean newStep = !status.equals(lastStep.put(id, status));
        Long current = detail == null ? null : detail.getCurrent();
        Long total = detail == null ? null : detail.getTotal();
        if (current != null && total != null && total > 0) {
            int quarter = (int) Math.min(4, current * 4 / total);
            Integer shown = lastQuarter.put(id, quarter);
            if (newStep || shown == null || shown != quarter) {
                progress.accept(id + ": " + status + " " + size(current) + " of " + size(total));
            }
            return;
        }
        if (newStep) {
            progress.accept(id + ": " + status);
        }
    }

    /** What the stream reported as its error, or "" when it reported none. */
    String errorText() {
        synchronized (errorText) {
            return errorText.toString();
        }
    }

    /** The digest a push reported, or "". */
    String digest() {
        return digest;
    }

    private static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format("%.1f kB", bytes / 1000.0);
        }
        return String.format("%.1f MB", bytes / 1_000_000.0);
    }
}
