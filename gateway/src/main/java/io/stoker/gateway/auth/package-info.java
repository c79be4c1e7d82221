/** Who may call what: the admin token and scoped tokens, per-function invoke auth, and the audit log of management calls. */
package io.stoker.gateway.auth;
