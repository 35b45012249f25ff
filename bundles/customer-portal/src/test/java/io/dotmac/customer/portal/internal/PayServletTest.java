package io.dotmac.customer.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PayServletTest {

    @Test
    void textIsEscapedForHtmlAndJson() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;",
                PayServlet.html("<script>alert('x')</script> & \"co\""));
        assertEquals("", PayServlet.html(null));
        assertEquals("a\\\"b\\\\c\\u000a", PayServlet.json("a\"b\\c\n"));
    }
}
