/** Images through OCI registries: stored registry credentials, pulls of images the engine lacks, pushes by digest. */
package io.stoker.gateway.images;
