/**
 * The gateway's one control loop: each tick, over every function, the Kafka lag, autoscaling, pausing and reaping,
 * and trigger status, on one reading of time.
 */
package io.stoker.gateway.control;
