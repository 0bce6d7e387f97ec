package io.codexlb.openapi;

import java.util.ArrayList;
import java.util.List;

import io.codexlb.security.StatelessChains;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.properties.SwaggerUiConfigProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * The API document at {@code /v3/api-docs} and Swagger UI at {@code /swagger-ui.html}
 * (springdoc), unless {@code springdoc.api-docs.enabled} is {@code false}: the described
 * routes merged into the inferred document, and both open to requests without a key.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "springdoc.api-docs.enabled", matchIfMissing = true)
class OpenApiConfiguration {

	static final String DESCRIPTION = "openapi/codex-lb.yaml";

	// the value of every answer that carries no key; not imported from the web layer, so
	// that this package depends on no other of the service
	private static final String PRIVATE_NO_CACHE = "private, no-cache";

	@Bean
	OpenApiCustomizer describedApi() {
		String version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
		return new DescribedApi(new ClassPathResource(DESCRIPTION), (version != null) ? version : "");
	}

	/**
	 * The document and the UI need no key: they describe the API and hold no secret, and
	 * tools and client developers read them before they have a key. After the models and
	 * management chains, before the catch-all chain of {@code SecurityConfiguration}.
	 * @param http the security builder
	 * @param springDoc springdoc's settings
	 * @param swaggerUi the UI's settings, when the UI is on
	 * @return the chain
	 */
	@Bean
	@Order(2)
	SecurityFilterChain apiDocumentationSecurityFilterChain(HttpSecurity http, SpringDocConfigProperties springDoc,
			ObjectProvider<SwaggerUiConfigProperties> swaggerUi) {
		List<String> paths = new ArrayList<>();
		String apiDocs = springDoc.getApiDocs().getPath();
		// the JSON, the YAML, and the UI's configuration below the JSON's path
		paths.add(apiDocs);
		paths.add(apiDocs + ".yaml");
		paths.add(apiDocs + "/**");
		SwaggerUiConfigProperties ui = swaggerUi.getIfAvailable();
		if (ui != null) {
			String page = ui.getPath();
			paths.add(page);
			// springdoc serves the UI's files below the page's folder
			paths.add(page.substring(0, page.lastIndexOf('/') + 1) + "swagger-ui/**");
		}
		http.securityMatcher(paths.toArray(String[]::new));
		// the same stateless settings as the other chains (nothing here changes state)
		StatelessChains.configure(http);
		// the Cache-Control of every answer, unless springdoc set its own (no-store on
		// the
		// UI's configuration script)
		http.headers((headers) -> headers
			.addHeaderWriter(new StaticHeadersWriter(HttpHeaders.CACHE_CONTROL, PRIVATE_NO_CACHE)));
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

}
