package io.codexlb.audit;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the audit log.
 *
 * @param retention how long audit rows are kept; older ones are pruned once a day
 */
@Validated
@ConfigurationProperties("codex-lb.audit")
public record AuditProperties(@NotNull @DefaultValue("365d") Duration retention) {

}
