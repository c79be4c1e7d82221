/** What spans every pool of a gateway: the one watch on the engine's container exits, and the reconcile after the engine was away. */
package io.stoker.runtime.fleet;
