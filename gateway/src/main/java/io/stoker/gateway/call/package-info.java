/** Calling a function through a lease on one of its instances, for every trigger: HTTP streamed, records buffered. */
package io.stoker.gateway.call;
