/** What the CLI prints: tables, JSON, and progress drawn as a spinner on a terminal or as plain lines. */
package io.stoker.cli.output;
