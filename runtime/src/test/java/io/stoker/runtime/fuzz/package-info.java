/** Property-style fuzzing helpers: seeded generators of hostile values and a per-try time bound. */
package io.stoker.runtime.fuzz;
