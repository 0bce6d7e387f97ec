package io.codexlb.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.codexlb.apikey.ApiKeyResolver.Resolution;
import io.codexlb.error.ApiError;
import io.codexlb.support.MutableClock;
import io.codexlb.support.ReachableDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key resolution against a real H2 database that the test can make unreachable.
 */
class ApiKeyResolverTest {

	private final MutableClock clock = new MutableClock();

	private final ReachableDataSource dataSource = new ReachableDataSource(
			new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));

	private ApiKeyStore store;

	private ApiKeyResolver resolver;

	@BeforeEach
	void setUp() {
		Flyway.configure().dataSource(this.dataSource).load().migrate();
		this.store = new ApiKeyStore(JdbcClient.create(this.dataSource));
		ApiKeyProperties properties = new ApiKeyProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(10),
				Duration.ofSeconds(1));
		this.resolver = new ApiKeyResolver(this.store, new KeyUsageRecorder(this.store, this.clock, properties),
				this.clock, properties, new SimpleMeterRegistry());
	}

	@Test
	void resolveWhenKeyStoredShouldGrantItsScope() {
		String key = store(Set.of("gpt-a"), null, true);
		Resolution resolution = this.resolver.resolve(key);
		assertThat(resolution).isInstanceOf(Resolution.Granted.class);
		ApiKeyGrant grant = ((Resolution.Granted) resolution).grant();
		assertThat(grant.allowedModels()).containsExactly("gpt-a");
		assertThat(grant.keyPrefix()).isEqualTo(key.substring(0, 12));
	}

	@Test
	void resolveWhenMalformedShouldRejectWithoutTouchingTheStore() {
		this.dataSource.reachable = false;
		Resolution resolution = this.resolver.resolve("sk-clb-short");
		assertThat(resolution).isEqualTo(new Resolution.Rejected(ApiError.invalidApiKey()));
		assertThat(this.dataSource.connectionAttempts).isZero();
	}

	@Test
	void resolveWhenStoreUnreachableAndKeyNotCachedShouldBe503NotAGrant() {
		String key = store(Set.of(), null, true);
		this.dataSource.reachable = false;
		Resolution resolution = this.resolver.resolve(key);
		assertThat(resolution).isInstanceOf(Resolution.Rejected.class);
		assertThat(((Resolution.Rejected) resolution).error().status().value()).isEqualTo(503);
		assertThat(((Resolution.Rejected) resolution).error().code()).isEqualTo("service_unavailable");
	}

	@Test
	void resolveWhenStoreUnreachableAndKeyCachedShouldStillGrant() {
		String key = store(Set.of(), null, true);
		assertThat(this.resolver.resolve(key)).isInstanceOf(Resolution.Granted.class);
		this.dataSource.reachable = false;
		assertThat(this.resolver.resolve(key)).isInstanceOf(Resolution.Granted.class);
	}

	@Test
	void resolveWhenExpiryPassesWhileCachedShouldRejectAsExpired() {
		String key = store(Set.of(), this.clock.instant().plusSeconds(60), true);
		assertThat(this.resolver.resolve(key)).isInstanceOf(Resolution.Granted.class);
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(this.resolver.resolve(key)).isEqualTo(new Resolution.Rejected(ApiError.expiredApiKey()));
	}

	@Test
	void resolveWhenKeyInactiveShouldRejectAsInvalid() {
		String key = store(Set.of(), null, false);
		assertThat(this.resolver.resolve(key)).isEqualTo(new Resolution.Rejected(ApiError.invalidApiKey()));
	}

	@Test
	void createWhenKeysAreCachedShouldKeepThemServedWhileTheStoreIsDown() {
		String cached = store(Set.of(), null, true);
		assertThat(this.resolver.resolve(cached)).isInstanceOf(Resolution.Granted.class);
		ApiKeyService service = new ApiKeyService(this.store, this.resolver, this.clock);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		transactions.executeWithoutResult((status) -> service
			.create(new NewApiKey("new-" + UUID.randomUUID(), Set.of(), null, null, null, false)));
		this.dataSource.reachable = false;
		assertThat(this.resolver.resolve(cached)).as("a new key changes no cached grant")
			.isInstanceOf(Resolution.Granted.class);

		this.dataSource.reachable = true;
		String changed = store(Set.of(), null, true);
		assertThat(this.resolver.resolve(changed)).isInstanceOf(Resolution.Granted.class);
		String id = this.store.findByHash(ApiKeyFormat.hash(changed)).orElseThrow().id();
		transactions.executeWithoutResult((status) -> service.update(id,
				new ApiKeyChanges("renamed-" + UUID.randomUUID(), null, false, null, false, null, null, false, null)));
		this.dataSource.reachable = false;
		assertThat(this.resolver.resolve(changed)).as("a changed key is read again")
			.isInstanceOf(Resolution.Rejected.class);
	}

	private String store(Set<String> allowedModels, Instant expiresAt, boolean active) {
		String key = ApiKeyFormat.generate();
		this.store.insert(
				new ApiKey(UUID.randomUUID().toString(), "k-" + UUID.randomUUID(), ApiKeyFormat.displayPrefix(key),
						allowedModels, null, expiresAt, active, false, null, this.clock.instant(), null),
				ApiKeyFormat.hash(key));
		return key;
	}

}
