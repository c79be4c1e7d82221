/** Limits on how fast callers may call a function, decided without a lock. */
package io.stoker.runtime.limit;
