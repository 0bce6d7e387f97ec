package io.codexlb.admin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Size;

/**
 * The rule for the {@code account_ids} of a key: 1 to 1000 accounts. An empty list would
 * bind the key to no account, which is {@code null} (all accounts) mistyped more often
 * than meant; that the accounts exist is checked against the accounts themselves.
 */
@Size(min = 1, max = 1000)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Target({ ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@interface AccountIds {

	String message() default "'account_ids' must list 1 to 1000 account ids, or be null for all accounts.";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
