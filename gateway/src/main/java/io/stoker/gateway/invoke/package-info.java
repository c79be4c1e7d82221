/** The invoke path: routes {@code /function/<name>/...} to a warm instance over pooled keep-alive connections. */
package io.stoker.gateway.invoke;
