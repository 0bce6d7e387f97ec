/**
 * The operator console: server-rendered pages of the keys, accounts, catalog, usage and
 * audit log, signed in with an admin key, writing through the admin API's commands.
 */
@NullMarked
package io.codexlb.admin.console;

import org.jspecify.annotations.NullMarked;
