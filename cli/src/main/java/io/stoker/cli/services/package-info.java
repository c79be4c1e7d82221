/** The local services that {@code stoker up} starts and {@code stoker down} stops (engine, gateway, ...). */
package io.stoker.cli.services;
