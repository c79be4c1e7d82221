/** Schedules: which gateway fires which schedule (Kafka partition ownership), their memory, and their ticks' calls. */
package io.stoker.gateway.schedule;
