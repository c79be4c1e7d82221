/** What keeps function containers away from the gateway's own routes: the networks' address ranges and the check on them. */
package io.stoker.gateway.isolation;
