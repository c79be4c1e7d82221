package io.stoker.runtime.engine.docker;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import io.stoker.runtime.engine.EngineException;
import java.util.function.Consumer;

/** Follows one image build: progress lines out, the build's own error text kept for the failure. */
final class DockerBuild extends BuildImageResultCallback {

    private final Consumer<String> progress;
    private final StringBuilder errorText = new StringBuilder();

    DockerBuild(Consumer<String> progress) {
        this.progress = progress;
    }

    @Override
    public void onNext(BuildResponseItem item) {
        if (item.getStream() != null) {
            item.getStream().lines().filter(l -> !l.isBlank()).forEach(progress);
        }
        if (item.isErrorIndicated()) {
            String text = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage() : item.getError();
            synchronized (errorText) {
                errorText.append(errorText.length() > 0 ? "; " : "").append(text);
            }
            progress.accept("ERROR: " + text);
        }
        super.onNext(item);
    }

    RuntimeException failure(String tag, RuntimeException cause, DockerErrors errors) {
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
