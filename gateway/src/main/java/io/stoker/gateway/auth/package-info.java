/** Authentication of the management API with a bearer token kept in the Stoker home. */
package io.stoker.gateway.auth;
