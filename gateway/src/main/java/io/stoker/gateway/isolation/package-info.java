/** What keeps function containers away from the gateway's own routes: the networks' address ranges and the filter on them. */
package io.stoker.gateway.isolation;
