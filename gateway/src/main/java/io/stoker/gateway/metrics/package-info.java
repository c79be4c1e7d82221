/** Stoker's Micrometer metrics, scraped by Prometheus at {@code /q/metrics}. */
package io.stoker.gateway.metrics;
