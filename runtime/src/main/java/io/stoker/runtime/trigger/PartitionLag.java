package io.stoker.runtime.trigger;

/**
 * Records behind on one assigned partition: those not yet read (end offset − position) plus those read and not
 * finished (buffered, in a call, waiting for a retry).
 */
public record PartitionLag(String topic, int partition, long lag) {}
