/** Tests of Stoker on Kubernetes that need no engine: the Function store on the API server stand-in, the manifests. */
package io.stoker.gateway.kubernetes;
