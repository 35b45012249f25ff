package io.dotmac.platform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a JAX-RS resource method (or class) of the DotMac application that reads its query parameters itself (through
 * {@code UriInfo}, such as a report taking its source's parameters). Every other method takes only the query
 * parameters it declares with {@code @QueryParam}: any other is answered 400 naming it, so that a client's filter
 * the endpoint does not have ({@code ?number=}) is never silently ignored.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface AnyQueryParameters {
}
