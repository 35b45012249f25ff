package io.dotmac.management.engine.internal;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** An ISP's registration: the fields the platform searches by, and the whole registration as sent (JSON). */
@Entity
@Table(name = "dotmac_mg_registration")
public class RegistrationEntity {

    @Id
    String id;
    @Column(name = "company_name")
    String companyName;
    String country;
    @Column(name = "tax_id")
    String taxId;
    @Column(name = "contact_email")
    String contactEmail;
    @Column(name = "domain_name")
    String domain;
    String region;
    String tier;
    @Column(name = "deployment_type")
    String deploymentType;
    @Column(name = "client_address")
    String clientAddress;
    /** The registration as sent, JSON. */
    String details;
    @Column(name = "created_at")
    Instant createdAt;

    protected RegistrationEntity() {
    }

    RegistrationEntity(String id, String companyName, String country, String taxId, String contactEmail,
            String domain, String region, String tier, String deploymentType, String clientAddress, String details,
            Instant createdAt) {
        this.id = id;
        this.companyName = companyName;
        this.country = country;
        this.taxId = taxId;
        this.contactEmail = contactEmail;
        this.domain = domain;
        this.region = region;
        this.tier = tier;
        this.deploymentType = deploymentType;
        this.clientAddress = clientAddress;
        this.details = details;
        this.createdAt = createdAt;
    }
}
