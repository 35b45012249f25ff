package io.dotmac.management.engine.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/** A value a step recorded for its job (what it made), so that a step run again finds it. */
@Entity
@Table(name = "dotmac_mg_resource")
@IdClass(ResourceEntity.Key.class)
public class ResourceEntity {

    /** The key: job and name. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String jobId;
        String name;

        public Key() {
        }

        Key(String jobId, String name) {
            this.jobId = jobId;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.jobId.equals(jobId) && k.name.equals(name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, name);
        }
    }

    @Id
    @Column(name = "job_id")
    String jobId;
    @Id
    String name;
    String content;

    protected ResourceEntity() {
    }

    ResourceEntity(String jobId, String name, String content) {
        this.jobId = jobId;
        this.name = name;
        this.content = content;
    }
}
