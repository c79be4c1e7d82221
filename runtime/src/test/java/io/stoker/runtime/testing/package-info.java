/** Test helpers shared by the runtime's test packages, such as a manual clock. */
package io.stoker.runtime.testing;
