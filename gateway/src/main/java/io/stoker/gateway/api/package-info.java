/** The management REST API under {@code /v1}: thin resources over the registry and the image builder. */
package io.stoker.gateway.api;
