package io.dotmac.escapeplugin;

import javax.ws.rs.GET;
import javax.ws.rs.Path;

import org.osgi.service.component.annotations.Component;

import io.dotmac.platform.api.Access;
import io.dotmac.rest.core.ApiMember;

/** Escape 5: posing as a member of the fixed application ({@code /api/v1/escape-member}, anonymous). */
@Component(service = ApiMember.class, property = ApiMember.MEMBER_PROPERTY + "=" + ApiMember.HEALTH)
@Path("v1/escape-member")
@Access(Access.Level.ANONYMOUS)
public class FakeMember implements ApiMember {

    @GET
    public String hello() {
        return "escaped";
    }
}
