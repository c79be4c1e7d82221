/** Building function images from uploaded source folders through the engine. */
package io.stoker.gateway.build;
