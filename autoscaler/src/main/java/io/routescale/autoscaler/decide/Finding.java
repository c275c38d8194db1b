package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.SignalRule;

/**
 * What the rule that drove a decision measured and asked for: the explanation as data, which the reason's
 * sentence is one rendering of and the structured log line another.
 *
 * @param rule   the rule
 * @param value  what it read: rps or requests in flight (all replicas together), p99 in seconds
 * @param target what it compares with: per replica (the learned value for an objective target), or the p99
 *               objective in seconds
 * @param wants  the replicas it asked for
 */
public record Finding(SignalRule rule, double value, double target, int wants) {
}
