/** The gateway's configuration, as nested {@code @ConfigMapping} interfaces. */
package io.stoker.gateway.config;
