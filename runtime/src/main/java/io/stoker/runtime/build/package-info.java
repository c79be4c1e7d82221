/** Image builds: safe extraction of uploaded function folders, build contexts and build args. */
package io.stoker.runtime.build;
