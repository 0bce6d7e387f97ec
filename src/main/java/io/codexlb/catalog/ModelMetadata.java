package io.codexlb.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a client needs to know to choose a model: the fourteen metadata fields of the
 * models routes.
 *
 * @param displayName the name to show
 * @param description what the model is for ({@code ""} when unknown)
 * @param contextWindow the context window in tokens, if known
 * @param inputModalities the accepted inputs, such as {@code text} and {@code image}
 * @param supportedReasoningLevels the reasoning efforts, empty for a model without
 * reasoning
 * @param defaultReasoningLevel the default effort, if any
 * @param supportsReasoningSummaries whether reasoning summaries are available
 * @param supportVerbosity whether the verbosity can be chosen
 * @param defaultVerbosity the default verbosity, if any
 * @param preferWebsockets whether a websocket connection is recommended
 * @param supportsParallelToolCalls whether tools may be called in parallel
 * @param supportedInApi whether the model is available through API endpoints
 * @param minimalClientVersion the oldest client version that may use the model
 * @param priority the load-balancing weight: higher is preferred
 */
public record ModelMetadata(String displayName, String description, @Nullable Integer contextWindow,
		List<String> inputModalities, List<ReasoningLevel> supportedReasoningLevels,
		@Nullable String defaultReasoningLevel, boolean supportsReasoningSummaries, boolean supportVerbosity,
		@Nullable String defaultVerbosity, boolean preferWebsockets, boolean supportsParallelToolCalls,
		boolean supportedInApi, @Nullable String minimalClientVersion, int priority) {

}
