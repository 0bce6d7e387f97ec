package io.codexlb.support;

import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points the context of a {@link PostgresSuite} class at a fresh PostgreSQL database.
 */
class PostgresSuiteContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new FreshDatabase(testClass);
	}

	/**
	 * A fresh database and data folder when the context starts. Equal only for the same
	 * test class, so each class has a context (and a database) of its own.
	 *
	 * @param testClass the test class
	 */
	private record FreshDatabase(Class<?> testClass) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("postgresSuite", Postgres.freshDatabaseProperties()));
		}

	}

}
