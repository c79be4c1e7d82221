/** One picocli class per {@code stoker} sub-command; each parses its options and delegates. */
package io.stoker.cli.commands;
