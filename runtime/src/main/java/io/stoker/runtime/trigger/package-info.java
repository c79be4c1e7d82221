/** Kafka triggers: every record an invocation, at least once, ordered per key, retried and dead-lettered. */
package io.stoker.runtime.trigger;
