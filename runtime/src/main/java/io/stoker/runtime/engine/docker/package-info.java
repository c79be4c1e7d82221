/** The Docker Engine API driver (also serves Podman's service); the only package that imports docker-java. */
package io.stoker.runtime.engine.docker;
