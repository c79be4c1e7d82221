package io.stoker.runtime.spec;

/** A function definition is invalid; {@link #key()} names the offending key ("limits.memory"). */
public class SpecException extends RuntimeException {

    private final String key;

    public SpecException(String key, String message) {
        super(key == null || key.isEmpty() ? message : key + ": " + message);
        this.key = key == null ? "" : key;
    }

    public String key() {
        return key;
    }
}
