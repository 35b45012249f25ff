package io.dotmac.platform.api;

/** The addressed thing does not exist (or is not visible to the caller's tenant): HTTP 404. */
public class NotFoundException extends DotMacException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
