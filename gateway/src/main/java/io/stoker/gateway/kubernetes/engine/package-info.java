/** The Kubernetes driver behind the engine boundary: one pod per instance, on fabric8's client. */
package io.stoker.gateway.kubernetes.engine;
