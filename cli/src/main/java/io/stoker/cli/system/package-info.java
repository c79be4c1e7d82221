/** Host-level calls (uid, tty, file access, signals) through jnr-posix, pid files and child processes. */
package io.stoker.cli.system;
