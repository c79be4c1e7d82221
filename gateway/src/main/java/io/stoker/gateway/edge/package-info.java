/** The one filter every request passes before any route: the checks of the isolation and limits packages, in order. */
package io.stoker.gateway.edge;
