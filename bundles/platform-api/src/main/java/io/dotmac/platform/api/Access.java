package io.dotmac.platform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a JAX-RS resource method of the DotMac application (on the method, or on the class for all its
 * methods). Without it a method is {@link Level#TENANT_READ} for {@code GET}/{@code HEAD}/{@code OPTIONS} and
 * {@link Level#TENANT_WRITE} otherwise, so forgetting it never opens anything.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface Access {

    Level value();

    /** Access levels, from open to narrow. */
    enum Level {
        /** No token needed (health, ping, token issue). */
        ANONYMOUS,
        /**
         * No token needed; a token, when sent, must be valid, and the resource knows its caller (the API
         * description, which shows a caller what it may use).
         */
        OPTIONAL,
        /** Any valid token; no tenant needed. */
        AUTHENTICATED,
        /** {@code platform_admin} only; no tenant needed. */
        PLATFORM,
        /** A tenant to act for and any role in it. */
        TENANT_READ,
        /** A tenant to act for, as {@code isp_admin} or {@code isp_staff}. */
        TENANT_WRITE,
        /** A tenant to act for, as {@code isp_admin} (users, plugins). */
        TENANT_ADMIN
    }
}
