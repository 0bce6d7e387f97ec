package io.codexlb.database;

import java.util.List;
import java.util.function.Function;

/**
 * A page of rows read in a stable order, keyset-paged: at most the page's size, and
 * whether more rows follow it.
 *
 * @param <T> the row type
 * @param items the rows, in the list's order
 * @param hasMore whether more rows match after the last one
 */
public record ResultPage<T>(List<T> items, boolean hasMore) {

	/**
	 * The page from rows read with a limit of one more than its size: the extra row, when
	 * there is one, says that more follow and is left out.
	 * @param <T> the row type
	 * @param rows the rows read, at most {@code size + 1}
	 * @param size the page's size
	 * @return the page
	 */
	public static <T> ResultPage<T> of(List<T> rows, int size) {
		boolean hasMore = rows.size() > size;
		return new ResultPage<>(hasMore ? List.copyOf(rows.subList(0, size)) : rows, hasMore);
	}

	public <R> ResultPage<R> map(Function<? super T, ? extends R> mapper) {
		return new ResultPage<>(this.items.stream().<R>map(mapper).toList(), this.hasMore);
	}

}
