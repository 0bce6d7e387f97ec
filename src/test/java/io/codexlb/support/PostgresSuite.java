package io.codexlb.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs the tests of a Spring test class (and those it inherits) against a real PostgreSQL
 * server on loopback: the class gets a context of its own, with a fresh database, a data
 * folder of its own and fixed admin and encryption keys.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestPropertySource(properties = { "codex-lb.admin-key=sk-clb-pgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgp",
		"codex-lb.encryption-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" })
@ContextCustomizerFactories(PostgresSuiteContextCustomizerFactory.class)
public @interface PostgresSuite {

}
