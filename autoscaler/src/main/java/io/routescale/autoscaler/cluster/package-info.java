/**
 * What the autoscaler's packages share about Kubernetes without depending on client-java or on each other: the
 * failure of an API call and where Events go. Each consumer defines its own narrow port beside it
 * ({@code policy.PolicySource}, {@code signals.ExporterEndpoints}, {@code act.ScaleClient}); {@code k8s} holds
 * the client-java implementations, and only the factory wires them in.
 */
package io.routescale.autoscaler.cluster;
