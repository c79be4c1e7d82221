/** The warm pool of one function: instances, leases, the bounded wait queue, scale-up, pausing and standby, reaping and draining. */
package io.stoker.runtime.pool;
