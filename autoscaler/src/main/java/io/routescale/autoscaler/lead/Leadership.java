package io.routescale.autoscaler.lead;

import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease (client-java-extended's {@link LeaderElector}):
 * only the holder acts. Campaigns again after losing the lease, for as long as the process runs.
 * {@code onStart} runs when this replica becomes leader (the loop then starts afresh, conservatively).
 */
public final class Leadership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final LeaderElectionConfig config;
    private final String identity;
    private final Runnable onStart;
    private final Runnable onStop;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile LeaderElector elector;
    private Thread thread;

    public Leadership(ApiClient client, String namespace, String leaseName, String identity, Duration leaseDuration,
                      Duration renewDeadline, Duration retryPeriod, Runnable onStart, Runnable onStop) {
        this.config = new LeaderElectionConfig(new LeaseLock(namespace, leaseName, identity, client),
                leaseDuration, renewDeadline, retryPeriod);
        this.identity = identity;
        this.onStart = onStart;
        this.onStop = onStop;
    }

    public synchronized void start() {
        thread = new Thread(this::campaign, "routescale-leader-election");
        thread.setDaemon(true);
        thread.start();
    }

    private void campaign() {
        while (!closed.get()) {
            elector = new LeaderElector(config, e -> LOG.warn("leader election: {}", e.toString()));
            elector.run(() -> {
                leading.set(true);
                LOG.info("{} is now the leader", identity);
                onStart.run();
            }, this::stopped, leader -> LOG.info("leader is {}", leader));
            stopped();
        }
    }

    private void stopped() {
        if (leading.getAndSet(false)) {
            LOG.warn("{} is no longer the leader", identity);
            onStop.run();
        }
    }

    public boolean isLeader() {
        return leading.get();
    }

    @Override
    public void close() {
        closed.set(true);
        stopped();
        LeaderElector e = elector;
        if (e != null) {
            e.close();
        }
    }
}
