package io.codexlb.catalog;

/**
 * A reasoning effort a model supports.
 *
 * @param effort the effort name, such as {@code medium}
 * @param description what the effort is for
 */
public record ReasoningLevel(String effort, String description) {

}
