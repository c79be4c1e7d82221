/** The container-engine boundary: a narrow interface and the records that cross it. */
package io.stoker.runtime.engine;
