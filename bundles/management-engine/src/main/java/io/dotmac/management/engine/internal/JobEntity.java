package io.dotmac.management.engine.internal;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A deployment job: one registration's way to a running instance. */
@Entity
@Table(name = "dotmac_mg_job")
public class JobEntity {

    @Id
    String id;
    @Column(name = "registration_id")
    String registrationId;
    String region;
    String provider;
    String status;
    @Column(name = "current_step")
    String currentStep;
    @Column(name = "failure_reason")
    String failureReason;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;
    @Column(name = "ready_at")
    Instant readyAt;

    protected JobEntity() {
    }

    JobEntity(String id, String registrationId, String region, String provider, String status, Instant now) {
        this.id = id;
        this.registrationId = registrationId;
        this.region = region;
        this.provider = provider;
        this.status = status;
        this.createdAt = now;
        this.updatedAt = now;
    }
}
