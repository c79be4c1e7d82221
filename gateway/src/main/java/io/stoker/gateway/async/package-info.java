/** Calls that outlive their request: accepted durably, run later through the one call path, retried, called back. */
package io.stoker.gateway.async;
