package io.stoker.gateway.control;

import java.time.Instant;

/** What the control pass asks of the Kafka triggers, before and after it goes over the pools. */
public interface TriggerUpkeep {

    /** Re-reads each trigger's per-partition lag into its meters. */
    void refreshLag();

    /** Records behind over all triggers of a function (0 when it has none): a load signal for its autoscaler. */
    long lag(String function);

    /** Publishes the trigger state changes since the previous pass, as seen at {@code at}. */
    void publishChanges(Instant at);
}
