package io.codexlb.webhook;

import java.util.List;

import io.codexlb.database.ResultPage;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * The outbox as the admin API shows it: the deliveries, newest first, without payloads.
 */
@Service
public class WebhookDeliveries {

	/** The states a delivery can be in. */
	public static final List<String> STATUSES = List.of(WebhookDelivery.PENDING, WebhookDelivery.DELIVERED,
			WebhookDelivery.FAILED);

	private final WebhookDeliveryStore store;

	WebhookDeliveries(WebhookDeliveryStore store) {
		this.store = store;
	}

	/**
	 * Whether a delivery is in the outbox.
	 * @param id the delivery id
	 * @return whether it is
	 */
	public boolean exists(String id) {
		return this.store.exists(id);
	}

	/**
	 * A page of the deliveries, newest first.
	 * @param limit how many at most
	 * @param after only deliveries older than this one (the last of the page before), or
	 * {@code null}
	 * @param status only deliveries in this state, or {@code null}
	 * @return the page
	 */
	public ResultPage<WebhookDelivery> page(int limit, @Nullable String after, @Nullable String status) {
		return ResultPage.of(this.store.page(limit, after, status), limit);
	}

}
