/** The function registry: deployed functions, their pools, and their definitions on disk. */
package io.stoker.gateway.registry;
