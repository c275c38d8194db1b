package io.routescale.autoscaler.signals;

import io.routescale.autoscaler.policy.SignalSelector;

import java.util.Map;
import java.util.Set;

/**
 * Where signals come from: the exporters directly (fast path) or Prometheus (standard path). A source hands
 * over fresh data only; a selector it has nothing fresh for is simply absent from the answer.
 */
public interface SignalSource {
    Map<SignalSelector, SelectorValues> read(Set<SignalSelector> wanted);

    /** Age of the oldest data behind the last read, in seconds; empty when the last read found none. */
    java.util.OptionalDouble lastAgeSeconds();

    /** For logs and metrics: {@code exporters} or {@code prometheus}. */
    String name();
}
