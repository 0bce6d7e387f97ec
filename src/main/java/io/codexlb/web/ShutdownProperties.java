package io.codexlb.web;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the shutdown.
 *
 * @param drainTimeout how long, on shutdown, the client API goes on answering requests on
 * its open connections (each with {@code Connection: close}) while they are closed,
 * before the graceful shutdown begins
 */
@Validated
@ConfigurationProperties("codex-lb.shutdown")
public record ShutdownProperties(@NotNull @DefaultValue("10s") Duration drainTimeout) {

}
