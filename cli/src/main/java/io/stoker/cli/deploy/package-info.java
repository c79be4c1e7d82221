/** Deploying a function: local validation, packing the folder as tar.gz, and following the build stream. */
package io.stoker.cli.deploy;
