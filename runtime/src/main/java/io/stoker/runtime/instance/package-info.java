/** Function instances on a container engine: launching hardened containers, readiness, adoption. */
package io.stoker.runtime.instance;
