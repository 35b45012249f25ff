package io.dotmac.platform.api;

/** The caller is known but may not do this (role, another tenant, a suspended tenant): HTTP 403. */
public class AccessDeniedException extends DotMacException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * @param reason  a short machine-readable reason ({@code role}, {@code tenant}, {@code suspended},
     *                {@code plugin-disabled}); it ends the problem's type
     * @param message the problem's detail
     */
    public AccessDeniedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
