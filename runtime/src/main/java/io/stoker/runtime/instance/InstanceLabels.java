package io.stoker.runtime.instance;

/** The labels that tie a container to its function, so a restarted gateway can find and adopt it. */
public final class InstanceLabels {

    public static final String FUNCTION = "stoker.function";
    public static final String INSTANCE = "stoker.instance";
    public static final String SPEC_HASH = "stoker.spec-hash";
    public static final String PORT = "stoker.port";
    public static final String MANAGED = "stoker.managed";
    /**
     * The network the launcher put it on. A launcher finds only its own network's instances, so two
     * set-ups sharing one engine (a test run beside a gateway) never adopt or remove each other's.
     */
    public static final String NETWORK = "stoker.network";
    /** {@code none} on an instance of a function with {@code egress: none}: it is on the internal network. */
    public static final String EGRESS = "stoker.egress";

    private InstanceLabels() {}
}
