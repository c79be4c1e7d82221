package io.stoker.runtime.instance;

import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A short, stable hash of everything in a spec (image included): equal hashes, interchangeable instances. */
public final class SpecHash {

    private SpecHash() {}

    /** The first 16 hex digits of the SHA-256 of the spec's canonical JSON. */
    public static String of(FunctionSpec spec) {
        return of(spec, "");
    }

    /**
     * The hash of a spec together with what else its instances are made from ({@code extra}, e.g. the versions of
     * the secrets it names: a new version means new instances). An empty {@code extra} gives {@link #of(FunctionSpec)}.
     */
    public static String of(FunctionSpec spec, String extra) {
        String text = SpecWriter.toJsonString(spec) + (extra.isEmpty() ? "" : "\n" + extra);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
