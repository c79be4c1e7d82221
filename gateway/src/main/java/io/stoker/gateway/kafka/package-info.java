/** Kafka triggers in the gateway: one runner per trigger, started and stopped with its function. */
package io.stoker.gateway.kafka;
