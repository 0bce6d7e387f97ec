package io.codexlb.support;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A data source the test can cut off, as a database that went away.
 */
public final class ReachableDataSource extends DelegatingDataSource {

	public volatile boolean reachable = true;

	public volatile int connectionAttempts;

	public ReachableDataSource(DataSource target) {
		super(target);
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (!this.reachable) {
			this.connectionAttempts++;
			throw new SQLException("Connection refused");
		}
		return super.getConnection();
	}

}
