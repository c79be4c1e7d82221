/** Autoscaling in the gateway: the loop that feeds the pure autoscaler and applies its decisions. */
package io.stoker.gateway.scale;
