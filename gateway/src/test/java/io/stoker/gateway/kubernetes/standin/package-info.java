/** A test stand-in for a Kubernetes node (scheduler and kubelet): it runs the mock API server's pods on the local Docker engine. */
package io.stoker.gateway.kubernetes.standin;
