/** The function registry kept in Kubernetes: the {@code Function} custom resource and the store every replica shares. */
package io.stoker.gateway.kubernetes.functions;
