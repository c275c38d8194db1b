package io.routescale.autoscaler.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;

import java.time.Duration;
import java.util.HashMap;

/**
 * A Kubernetes API server for tests: the fabric8 mock in CRUD mode with a faithful {@code /scale}
 * ({@link ScaleSubresourceDispatcher}), and a client-java {@link ApiClient} pointed at it with read timeouts
 * (the mock can leave a request unanswered).
 */
public final class TestApiServer implements AutoCloseable {
    public final ScaleSubresourceDispatcher dispatcher = new ScaleSubresourceDispatcher();
    public final KubernetesMockServer server;
    public final ApiClient client;

    public TestApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = new ClientBuilder().setBasePath(baseUrl()).setVerifyingSsl(false)
                .setReadTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return server.url("/").replaceAll("/$", "");
    }

    @Override
    public void close() {
        server.destroy();
    }
}
