package io.routescale.http;

import com.sun.net.httpserver.HttpServer;

import java.io.Closeable;
import java.util.concurrent.ExecutorService;

/** A running {@link MetricsEndpoint#startStreaming streaming} metrics endpoint. */
public final class StreamingMetricsServer implements Closeable {
    private final HttpServer server;
    private final ExecutorService workers;

    StreamingMetricsServer(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    public int getPort() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdown();
    }
}
