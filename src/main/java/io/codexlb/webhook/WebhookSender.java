package io.codexlb.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.codexlb.logging.ThrottledWarning;
import io.codexlb.replica.ReplicaLocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sends the due deliveries of the outbox, every poll interval, on a thread of its own:
 * the replica that takes the sending lock POSTs each one, marks it delivered on a 2xx
 * answer, and otherwise tries again later, waiting twice as long each time, until it
 * gives up. Redirects are not followed.
 */
@Component
class WebhookSender {

	private static final Logger logger = LoggerFactory.getLogger(WebhookSender.class);

	static final String LOCK = "webhook-deliveries";

	// deliveries sent in one pass at most: the lock must outlast the pass
	static final int BATCH = 20;

	private final WebhookDeliveryStore store;

	private final Map<String, WebhookProperties.Webhook> webhooks = new LinkedHashMap<>();

	private final WebhookDeliveryProperties properties;

	private final ReplicaLocks locks;

	private final Clock clock;

	private final HttpClient client;

	private final ScheduledExecutorService thread;

	private final AtomicLong pending = new AtomicLong();

	private final Counter delivered;

	private final Counter retried;

	private final Counter failed;

	private final ThrottledWarning failureWarning = new ThrottledWarning(Duration.ofMinutes(1));

	WebhookSender(WebhookDeliveryStore store, WebhookProperties webhooks, WebhookDeliveryProperties properties,
			ReplicaLocks locks, Clock clock, MeterRegistry meterRegistry) {
		this.store = store;
		webhooks.webhooks().forEach((webhook) -> this.webhooks.put(webhook.url(), webhook));
		this.properties = properties;
		this.locks = locks;
		this.clock = clock;
		this.client = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		this.thread = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread sender = new Thread(runnable, "webhook-sender");
			sender.setDaemon(true);
			return sender;
		});
		this.delivered = outcome(meterRegistry, "delivered");
		this.retried = outcome(meterRegistry, "retried");
		this.failed = outcome(meterRegistry, "failed");
		Gauge.builder("codex_lb_webhook_pending", this.pending, AtomicLong::get)
			.description("Webhook deliveries waiting to be sent, as the last pass of the sender counted them")
			.register(meterRegistry);
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		long interval = this.properties.pollInterval().toMillis();
		this.thread.scheduleWithFixedDelay(this::pass, interval, interval, TimeUnit.MILLISECONDS);
	}

	@PreDestroy
	void stop() {
		this.thread.shutdownNow();
	}

	/**
	 * One pass: sends the due deliveries if this replica takes the lock, then counts the
	 * pending ones.
	 * @return how many deliveries were attempted, or -1 when another replica is sending
	 */
	int pass() {
		try {
			// an idle outbox costs every replica one count a pass, and no lock
			long pending = this.store.pending();
			this.pending.set(pending);
			if (pending == 0) {
				return 0;
			}
			int attempted = -1;
			Optional<SimpleLock> lock = this.locks.tryLock(LOCK, lockAtMostFor(), Duration.ZERO);
			if (lock.isPresent()) {
				try {
					attempted = sendDue();
				}
				finally {
					lock.get().unlock();
				}
				this.pending.set(this.store.pending());
			}
			return attempted;
		}
		catch (RuntimeException ex) {
			// the database is away, most likely: the next pass tries again
			if (this.failureWarning.due()) {
				logger.warn("Could not send the webhook deliveries; trying again: {}", ex.getClass().getSimpleName());
			}
			return -1;
		}
	}

	// a delivery to a webhook this replica does not have is left to a replica that has
	// it, as during a rolling restart that adds the webhook; one that no replica has sent
	// for the longest backoff is given up
	private int sendDue() {
		Instant now = this.clock.instant();
		List<WebhookDeliveryStore.Due> due = this.webhooks.isEmpty() ? List.of()
				: this.store.due(now, this.webhooks.keySet(), BATCH);
		for (WebhookDeliveryStore.Due delivery : due) {
			if (Thread.currentThread().isInterrupted()) {
				return due.size();
			}
			send(delivery, Objects.requireNonNull(this.webhooks.get(delivery.webhookUrl())));
		}
		List<WebhookDeliveryStore.Due> unsent = this.store.unsent(now.minus(this.properties.maxBackoff()),
				this.webhooks.keySet(), BATCH);
		for (WebhookDeliveryStore.Due delivery : unsent) {
			this.store.failedAttempt(delivery.id(), WebhookDelivery.FAILED, delivery.attempts(), null,
					"the webhook is no longer configured (codex-lb.webhooks)", now, now);
			this.failed.increment();
			logger.warn("Gave up webhook delivery {} to {}: no replica has that webhook", delivery.id(),
					WebhookUrls.shown(delivery.webhookUrl()));
		}
		return due.size() + unsent.size();
	}

	private void send(WebhookDeliveryStore.Due delivery, WebhookProperties.Webhook webhook) {
		int attempts = delivery.attempts() + 1;
		Integer statusCode = null;
		String error;
		try {
			byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
			HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.url()))
				.timeout(this.properties.timeout())
				.header("Content-Type", "application/json")
				.header("User-Agent", "codex-lb-webhooks")
				.header("X-Codex-LB-Event", delivery.event())
				.header("X-Codex-LB-Delivery", delivery.id())
				.header("X-Codex-LB-Signature", WebhookSignature.of(body, webhook.secret()))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			HttpResponse<Void> response = answer(request);
			statusCode = response.statusCode();
			if (statusCode >= 200 && statusCode < 300) {
				this.store.delivered(delivery.id(), attempts, statusCode, this.clock.instant());
				this.delivered.increment();
				return;
			}
			error = (statusCode >= 300 && statusCode < 400) ? "HTTP " + statusCode + " (redirects are not followed)"
					: "HTTP " + statusCode;
		}
		catch (HttpTimeoutException | TimeoutException ex) {
			error = "no answer within " + this.properties.timeout() + " (" + ex.getClass().getSimpleName() + ")";
		}
		catch (IOException | IllegalArgumentException ex) {
			// the class only: a message could quote the URL, with its user information
			error = "request failed (" + ex.getClass().getSimpleName() + ")";
		}
		catch (InterruptedException ex) {
			// stopping: the attempt counts for nothing, the delivery stays due
			Thread.currentThread().interrupt();
			return;
		}
		failedAttempt(delivery, attempts, statusCode, error);
	}

	// the request's own timeout ends with the answer's headers: a body that trickles in
	// would hold the one sender thread, and with it every other delivery
	private HttpResponse<Void> answer(HttpRequest request) throws IOException, InterruptedException, TimeoutException {
		CompletableFuture<HttpResponse<Void>> exchange = this.client.sendAsync(request,
				HttpResponse.BodyHandlers.discarding());
		try {
			return exchange.get(this.properties.timeout().multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | InterruptedException ex) {
			exchange.cancel(true);
			throw ex;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException failure) {
				throw failure;
			}
			throw new IOException(ex.getCause().getClass().getSimpleName());
		}
	}

	private void failedAttempt(WebhookDeliveryStore.Due delivery, int attempts, @Nullable Integer statusCode,
			String error) {
		Instant now = this.clock.instant();
		String shown = WebhookUrls.shown(delivery.webhookUrl());
		if (attempts >= this.properties.maxAttempts()) {
			this.store.failedAttempt(delivery.id(), WebhookDelivery.FAILED, attempts, statusCode, error, now, now);
			this.failed.increment();
			logger.warn("Gave up webhook delivery {} to {} after {} attempts: {}", delivery.id(), shown, attempts,
					error);
			return;
		}
		Instant next = now.plus(this.properties.backoff(attempts));
		this.store.failedAttempt(delivery.id(), WebhookDelivery.PENDING, attempts, statusCode, error, now, next);
		this.retried.increment();
		logger.info("Webhook delivery {} to {} failed ({}); attempt {} of {} at {}", delivery.id(), shown, error,
				attempts + 1, this.properties.maxAttempts(), next);
	}

	private Duration lockAtMostFor() {
		// a connect and an answer per delivery, each within the timeout
		return this.properties.timeout().multipliedBy(2L * BATCH).plusMinutes(1);
	}

	private static Counter outcome(MeterRegistry meterRegistry, String outcome) {
		return Counter.builder("codex_lb_webhook_deliveries")
			.description("Webhook delivery attempts by outcome: delivered, retried (failed, tried again later) or "
					+ "failed (given up)")
			.tag("outcome", outcome)
			.register(meterRegistry);
	}

}
