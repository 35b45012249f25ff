package io.dotmac.customers.internal;

import java.util.Arrays;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.customers.Customer;
import io.dotmac.customers.CustomerInput;
import io.dotmac.customers.CustomerService;
import io.dotmac.customers.CustomerStatus;
import io.dotmac.platform.api.Csv;
import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.PluginEndpoint;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Values;
import io.dotmac.rest.Callers;
import io.dotmac.rest.CsvExport;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** {@code /api/v1/customers}: the current tenant's customers. */
@Component(service = PluginEndpoint.class)
@PluginEndpoint.Root("customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomersResource implements PluginEndpoint {

    private final CustomerService customers;

    @Activate
    public CustomersResource(@Reference CustomerService customers) {
        this.customers = customers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CustomerInput input, @Context SecurityContext security, @Context UriInfo uri) {
        Customer created = customers.create(Callers.tenant(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    /** The JSON answer of {@link #list}, for the API's description. */
    record CustomerPage(List<Customer> items, String nextCursor) {
    }

    /** A page of customers as JSON; or every customer the filters select as CSV ({@link CsvExport}). */
    @GET
    @Produces({ MediaType.APPLICATION_JSON, CsvExport.CSV })
    @ApiResponse(responseCode = "200", description = "A page of customers, or all of them as CSV (format=csv)",
            content = { @Content(mediaType = "application/json", schema = @Schema(implementation = CustomerPage.class)),
                @Content(mediaType = CsvExport.CSV, schema = @Schema(type = "string")) })
    public Response list(@QueryParam("status") String status, @QueryParam("q") String q,
            @QueryParam("tag") String tag, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
            @QueryParam("format") String format, @Context HttpHeaders headers, @Context SecurityContext security) {
        TenantRef tenant = Callers.tenant(security);
        CustomerStatus wanted = status(status);
        if (!CsvExport.wanted(format, headers)) {
            return Response.ok(customers.list(tenant, wanted, q, tag, Page.limit(limit), cursor),
                    MediaType.APPLICATION_JSON_TYPE).build();
        }
        return CsvExport.of("customers", List.of("id", "name", "email", "phone", "serviceAddress", "status",
                "createdAt"), next -> customers.list(tenant, wanted, q, tag, Page.MAX_LIMIT, next),
                c -> Arrays.asList(c.id(), Csv.text(c.name()), Csv.text(c.email()), Csv.text(c.phone()),
                        Csv.text(c.serviceAddress()), c.status().name(), c.createdAt().toString()));
    }

    static CustomerStatus status(String status) {
        return Values.filter(CustomerStatus.class, status, "status");
    }

    @GET
    @Path("{id}")
    public Customer get(@PathParam("id") String id, @Context SecurityContext security) {
        return customers.get(Callers.tenant(security), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Customer update(@PathParam("id") String id, CustomerInput changes, @Context SecurityContext security) {
        return customers.update(Callers.tenant(security), id, changes);
    }

    /** Closes the customer (customers are never deleted); the answer is the closed customer. */
    @DELETE
    @Path("{id}")
    public Customer close(@PathParam("id") String id, @Context SecurityContext security) {
        return customers.close(Callers.tenant(security), id);
    }

    @GET
    @Path("{id}/tags")
    public java.util.List<String> tags(@PathParam("id") String id, @Context SecurityContext security) {
        return customers.tags(Callers.tenant(security), id);
    }

    /** Adds the tag: 201 when added now, 200 when the customer had it already; the answer is its tags. */
    @PUT
    @Path("{id}/tags/{tag}")
    public Response tag(@PathParam("id") String id, @PathParam("tag") String tag, @Context SecurityContext security) {
        boolean added = customers.tag(Callers.tenant(security), id, tag);
        return Response.status(added ? 201 : 200).entity(customers.tags(Callers.tenant(security), id)).build();
    }

    /** Removes the tag (204 whether or not the customer had it). */
    @DELETE
    @Path("{id}/tags/{tag}")
    public Response untag(@PathParam("id") String id, @PathParam("tag") String tag,
            @Context SecurityContext security) {
        customers.untag(Callers.tenant(security), id, tag);
        return Response.noContent().build();
    }
}
