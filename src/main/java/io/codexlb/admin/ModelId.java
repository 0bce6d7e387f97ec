package io.codexlb.admin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The rules for a model id in the {@code allowed_models} of a key: 1 to 200 characters,
 * no space or control character among them.
 */
@Size(min = 1, max = 200)
@Pattern(regexp = "[^\\p{javaWhitespace}\\p{Cc}]*")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Target({ ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@interface ModelId {

	String message() default "Invalid model id in 'allowed_models': ids are 1 to 200 characters without spaces.";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
