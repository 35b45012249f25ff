package io.dotmac.licensing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.licensing.PluginRoutes.Route;

class EndpointTableTest {

    private final EndpointTable table = new EndpointTable();
    private final Object basic = new Object();
    private final Object mrr = new Object();

    private static EndpointTable.Endpoint endpoint(String root, String plugin, long id, Object resource) {
        return new EndpointTable.Endpoint(root, plugin, "io.dotmac." + plugin, id, resource);
    }

    @Test
    void theLongestRootThePathStartsWithWins() {
        table.add(endpoint("reports", "basic_reporting", 1, basic));
        table.add(endpoint("reports/mrr", "advanced_reporting", 2, mrr));

        EndpointTable.Match m = table.resolve(List.of("reports", "mrr", "movements"));
        assertSame(mrr, m.endpoint().resource());
        assertEquals(2, m.depth());
        EndpointTable.Match revenue = table.resolve(List.of("reports", "revenue"));
        assertSame(basic, revenue.endpoint().resource());
        assertEquals(1, revenue.depth());
        assertSame(basic, table.resolve(List.of("reports")).endpoint().resource());
        assertNull(table.resolve(List.of("report")));
        assertNull(table.resolve(List.of()));
    }

    @Test
    void aContestedRootStaysWithTheFirstAndPassesToTheOtherWhenItGoes() {
        assertNull(table.add(endpoint("customers", "customer_management", 5, basic)));
        String refused = table.add(endpoint("customers", "crm_plus", 9, mrr));
        assertEquals("root 'customers' is already served by plugin 'customer_management' (bundle "
                + "io.dotmac.customer_management)", refused);
        assertSame(basic, table.resolve(List.of("customers", "x")).endpoint().resource());
        List<Route> routes = table.routes();
        assertEquals(List.of(new Route("customers", "customer_management", "io.dotmac.customer_management", true, null,
                5, basic.getClass()), new Route("customers", "crm_plus", "io.dotmac.crm_plus", false, refused, 9,
                mrr.getClass())), routes);

        EndpointTable.Endpoint next = table.remove(5);
        assertEquals("crm_plus", next.plugin());
        assertSame(mrr, table.resolve(List.of("customers")).endpoint().resource());
        assertNull(table.remove(9));
        assertNull(table.resolve(List.of("customers")));
        assertEquals(List.of(), table.routes());
    }

    @Test
    void invalidRootsCoreRootsAndBundlesWithoutAPluginAreNeverServed() {
        assertTrue(table.add(endpoint("/customers", "p", 1, basic)).startsWith("invalid root '/customers'"));
        assertTrue(table.add(endpoint("Customers", "p", 2, basic)).startsWith("invalid root"));
        assertTrue(table.add(endpoint("a//b", "p", 3, basic)).startsWith("invalid root"));
        assertTrue(table.add(endpoint(null, "p", 4, basic)).startsWith("invalid root"));
        assertEquals("root 'tenants/extra' is under the core's /api/v1/tenants",
                table.add(endpoint("tenants/extra", "p", 5, basic)));
        assertEquals("bundle io.dotmac.null declares no plugin (io.dotmac.plugin capability)",
                table.add(endpoint("orphan", null, 6, basic)));
        assertNull(table.resolve(List.of("tenants", "extra")));
        assertNull(table.resolve(List.of("orphan")));
        assertEquals(6, table.routes().size());
        assertTrue(table.routes().stream().noneMatch(Route::serving));
        table.remove(6);
        assertEquals(5, table.routes().size());
    }
}
