package io.routescale.autoscaler.signals;

import io.routescale.autoscaler.cluster.ClusterException;

import java.net.URI;
import java.util.List;

/** Where the exporters answer: the Traefik pods that are ready now. */
@FunctionalInterface
public interface ExporterEndpoints {
    /** {@code http://<podIP>:<port><path>} of every ready, not terminating pod matching {@code labelSelector}. */
    List<URI> readyPodUrls(String namespace, String labelSelector, int port, String path) throws ClusterException;
}
