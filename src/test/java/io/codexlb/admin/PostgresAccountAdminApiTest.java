package io.codexlb.admin;

import io.codexlb.support.Postgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link AccountAdminApiTest} against a real PostgreSQL server on loopback.
 */
@TestPropertySource(properties = { "codex-lb.admin-key=sk-clb-pgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgpgp",
		"codex-lb.encryption-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" })
class PostgresAccountAdminApiTest extends AccountAdminApiTest {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		Postgres.useFreshDatabase(registry);
	}

}
