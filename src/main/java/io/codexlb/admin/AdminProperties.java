package io.codexlb.admin;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the admin API.
 *
 * @param maxRequestSize the largest request body an admin route reads; a larger one is
 * refused with 413 before it is parsed
 */
@Validated
@ConfigurationProperties("codex-lb.admin")
public record AdminProperties(@NotNull @DefaultValue("64KB") DataSize maxRequestSize) {

}
