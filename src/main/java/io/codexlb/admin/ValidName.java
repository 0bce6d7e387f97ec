package io.codexlb.admin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The rules for the name of an API key or an account: 1 to 100 characters, none of them a
 * control character, checked once the request record has stripped the name; {@code null}
 * is valid.
 */
@Size(min = 1, message = "'name' must not be empty.")
@Size(max = 100, message = "'name' must be at most {max} characters.")
@Pattern(regexp = "\\P{Cc}*", message = "'name' must not contain control characters.")
@Constraint(validatedBy = {})
@Documented
@Target({ ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@interface ValidName {

	String message() default "";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
