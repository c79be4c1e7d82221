/** Test helpers for HTTPS: a self-signed certificate made at test time with the JDK's keytool. */
package io.stoker.runtime.tls;
