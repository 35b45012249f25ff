package io.dotmac.persistence.internal;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** The one row of {@code dotmac_instance}. */
@Entity
@Table(name = "dotmac_instance")
public class InstanceRecord {

    @Id
    @Column(name = "id", length = 36, nullable = false)
    private String id;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by_version", length = 64, nullable = false)
    private String createdByVersion;

    protected InstanceRecord() {
        // for JPA
    }

    InstanceRecord(String id, Instant createdAt, String createdByVersion) {
        this.id = id;
        this.createdAt = createdAt;
        this.createdByVersion = createdByVersion;
    }

    String id() {
        return id;
    }

    Instant createdAt() {
        return createdAt;
    }
}
