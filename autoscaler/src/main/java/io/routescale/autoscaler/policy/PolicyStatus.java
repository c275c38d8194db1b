package io.routescale.autoscaler.policy;

/** What the policy store reports as it reads (the autoscaler's metrics implement it). */
public interface PolicyStatus {
    /** A policy is in force ({@code valid}) with this many targets, or none is ({@code false, 0}). */
    void policy(boolean valid, int targets);

    /** A new policy text was refused. */
    void policyRejected();

    /** A read or an Event failed; {@code what} is {@code policy} or {@code events}. */
    void error(String what);
}
