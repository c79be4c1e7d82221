/** The HTTP client of the gateway's management and invoke API, and where its URL and token come from. */
package io.stoker.cli.gateway;
