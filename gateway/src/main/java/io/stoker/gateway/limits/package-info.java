/** Limits against abusive clients (per-address rate, header count) and the start-up warning for an exposed bind. */
package io.stoker.gateway.limits;
