package io.dotmac.management.engine.internal;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/** One step of a job: its state, attempts, times and log. */
@Entity
@Table(name = "dotmac_mg_step")
@IdClass(StepEntity.Key.class)
public class StepEntity {

    /** The key: job and step. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String jobId;
        String step;

        public Key() {
        }

        Key(String jobId, String step) {
            this.jobId = jobId;
            this.step = step;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.jobId.equals(jobId) && k.step.equals(step);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, step);
        }
    }

    @Id
    @Column(name = "job_id")
    String jobId;
    @Id
    String step;
    int ordinal;
    String status;
    int attempts;
    @Column(name = "started_at")
    Instant startedAt;
    @Column(name = "ended_at")
    Instant endedAt;
    /** One line per event, oldest first. */
    String log;

    protected StepEntity() {
    }

    StepEntity(String jobId, String step, int ordinal) {
        this.jobId = jobId;
        this.step = step;
        this.ordinal = ordinal;
        this.status = "PENDING";
        this.log = "";
    }
}
