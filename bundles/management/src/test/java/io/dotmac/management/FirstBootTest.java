package io.dotmac.management;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FirstBootTest {

    private static final FirstBoot.Database DB = new FirstBoot.Database("db-1.example.net", 25060, "defaultdb",
            "doadmin", "AVNS_secret-1", "require");

    @Test
    void theScriptWritesTheDataSourceRolesAndOperatorThenStartsDotMac() {
        String s = FirstBoot.script(DB, "rolePw123", "operatorPw456");
        assertTrue(s.startsWith("#!/bin/sh\n"), s);
        assertTrue(s.contains("url = jdbc:postgresql://db-1.example.net:25060/defaultdb?sslmode=require\n"), s);
        assertTrue(s.contains("user = dotmac_app\npassword = rolePw123\n"), s);
        assertTrue(s.contains("CREATE ROLE dotmac_$role LOGIN PASSWORD 'rolePw123'"), s);
        assertTrue(s.contains("printf '%s\\n' 'operatorPw456' > $ETC/admin.password"), s);
        assertTrue(s.endsWith("systemctl enable --now dotmac\n"), s);
    }

    @Test
    void nothingCanBreakOutOfItsQuoting() {
        assertThrows(IllegalArgumentException.class, () -> FirstBoot.script(DB, "pw'; rm -rf /", "x"));
        assertThrows(IllegalArgumentException.class, () -> FirstBoot.script(new FirstBoot.Database("h;reboot", 1,
                "d", "u", "p", "require"), "a", "b"));
    }
}
