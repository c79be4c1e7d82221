/** A record of every call (what it was, how it ended, how it started), handed off the hot path to a store. */
package io.stoker.gateway.records;
