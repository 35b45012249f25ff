package io.dotmac.management.engine.internal;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A demo ISP's row: its tenant, who asked, its sample data's scenario and seed, and its lifecycle. */
@Entity
@Table(name = "dotmac_mg_demo")
public class DemoEntity {

    @Id
    String id;
    /** Not {@code tenant_id}: the row is the platform's and outlives the tenant's rows. */
    @Column(name = "demo_tenant_id")
    String tenantId;
    @Column(name = "tenant_slug")
    String tenantSlug;
    String email;
    String company;
    String scenario;
    String status;
    long seed;
    /** What was generated, as {@code customers=50,plans=3,...}. */
    @Column(name = "sample_data")
    String sampleData;
    @Column(name = "generation_ms")
    long generationMillis;
    @Column(name = "client_address")
    String clientAddress;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "expires_at")
    Instant expiresAt;
    boolean extended;
    @Column(name = "reminded_at")
    Instant remindedAt;
    @Column(name = "destroyed_at")
    Instant destroyedAt;
    /** The ISP's registration, once converted. */
    @Column(name = "isp_id")
    String ispId;
    @Column(name = "converted_at")
    Instant convertedAt;
    /** The simulated agents of its devices (null: none running for it). */
    @Column(name = "snmp_address")
    String snmpAddress;
    @Column(name = "snmp_first_port")
    Integer snmpFirstPort;
    @Column(name = "snmp_agents")
    Integer snmpAgents;
    @Column(name = "snmp_community")
    String snmpCommunity;

    /** The secret the ENTERPRISE scenario's webhook signs its deliveries to the demo's inbox with (a demo's). */
    @Column(name = "inbox_secret")
    String inboxSecret;

    DemoAgents.Block agents() {
        return snmpFirstPort == null ? null : new DemoAgents.Block(snmpAddress, snmpFirstPort, snmpAgents,
                snmpCommunity);
    }

    protected DemoEntity() {
    }

    DemoEntity(String id, String tenantId, String tenantSlug, String email, String company, String scenario, long seed,
            String clientAddress, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.tenantSlug = tenantSlug;
        this.email = email;
        this.company = company;
        this.scenario = scenario;
        this.status = "ACTIVE";
        this.seed = seed;
        this.sampleData = "";
        this.clientAddress = clientAddress;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }
}
