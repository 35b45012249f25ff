package io.dotmac.persistence;

import java.sql.SQLException;

/**
 * A {@link SQLException} from inside a {@link Database} transaction, after the transaction was rolled back.
 * It never reaches a client as such (the REST layer answers 500 without the message); services turn the
 * expected ones, such as {@link #uniqueViolation()}, into domain exceptions.
 */
public class DataAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataAccessException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /** The SQLSTATE of the first exception in the chain that has one. */
    public String sqlState() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    /** Whether a unique constraint (or primary key) was violated: SQLSTATE 23505 on H2 and PostgreSQL. */
    public boolean uniqueViolation() {
        return "23505".equals(sqlState());
    }

    /** Whether a serialization failure or deadlock made the database give up: worth retrying. */
    public boolean transientFailure() {
        String s = sqlState();
        return "40001".equals(s) || "40P01".equals(s);
    }
}
