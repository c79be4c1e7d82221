/** Secrets: encrypted at rest in the Stoker home, handed to instances only as read-only files on a tmpfs. */
package io.stoker.gateway.secrets;
