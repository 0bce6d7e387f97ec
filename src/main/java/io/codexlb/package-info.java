/**
 * Codex-LB model catalog service: tells clients which models a Codex-LB instance can
 * serve them.
 */
@NullMarked
package io.codexlb;

import org.jspecify.annotations.NullMarked;
