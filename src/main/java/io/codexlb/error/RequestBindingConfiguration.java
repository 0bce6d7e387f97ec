package io.codexlb.error;

import java.time.Clock;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How a JSON request body binds to its wire record: strictly, so that each mistake of the
 * client is a 400 naming the field ({@link RequestBodyErrors}) rather than a value
 * silently dropped or converted; and the clock Bean Validation checks times against.
 */
@Configuration(proxyBeanMethods = false)
class RequestBindingConfiguration {

	// a field the record does not have is refused (a record that takes documents with
	// more fields says so with @JsonIgnoreProperties), and a value of another JSON type
	// is
	// never converted: not "60" to 60, not 1.5 to 1, not 42 to "42"
	@Bean
	JsonMapperBuilderCustomizer strictRequestBinding() {
		return (builder) -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.withCoercionConfig(LogicalType.Textual,
					(textual) -> textual.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	// @Future and @Past compare with the service's clock, the one the tests move
	@Bean
	ValidationConfigurationCustomizer validationClock(Clock clock) {
		return (configuration) -> configuration.clockProvider(() -> clock);
	}

}
