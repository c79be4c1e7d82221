/** The {@code stoker} command line: entry point, global options and the shared context of all commands. */
package io.stoker.cli;
