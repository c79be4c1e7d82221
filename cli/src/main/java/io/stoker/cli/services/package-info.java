/** The local services that {@code stoker up} starts and {@code stoker down} stops (engine, Kafka broker, gateway). */
package io.stoker.cli.services;
