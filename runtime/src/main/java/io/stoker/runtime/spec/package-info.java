/** The function definition ({@code stoker.yaml}): its model, parsing with validation, and writing back. */
package io.stoker.runtime.spec;
