package io.dotmac.management;

/** A deployment step that failed: for good ({@link #permanent()}), or for now (tried again with backoff). */
public class StepFailedException extends Exception {

    private static final long serialVersionUID = 1L;
    private final boolean permanent;

    public StepFailedException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public StepFailedException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    /** Whether trying again cannot help (the job is compensated and fails). */
    public boolean permanent() {
        return permanent;
    }
}
