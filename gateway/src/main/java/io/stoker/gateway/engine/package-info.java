/** Wiring of the container engine, instance launcher and pools into the gateway, and their lifecycle. */
package io.stoker.gateway.engine;
