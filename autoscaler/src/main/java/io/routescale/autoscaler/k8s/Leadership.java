package io.routescale.autoscaler.k8s;

import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElectionRecord;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Date;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease (client-java-extended's {@link LeaderElector}):
 * only the holder acts. Campaigns again after losing the lease, for as long as the process runs.
 * {@code onStart} runs when this replica becomes leader (the loop then starts afresh, conservatively).
 *
 * <p>client-java's elector takes a Lease that names its own identity as already its own and renews it, so two
 * processes given one identity would both lead. Before campaigning, a Lease held in this identity's name is
 * watched for a lease duration: if its renewTime moves, another live process uses the identity, and this one
 * does not campaign (it says so, and looks again) until that process stops renewing.
 */
public final class Leadership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final LeaderElectionConfig config;
    private final LeaseLock lock;
    private final String identity;
    private final AtomicBoolean twinRenewing = new AtomicBoolean();
    private final Runnable onStart;
    private final Runnable onStop;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile LeaderElector elector;
    private Thread thread;

    public Leadership(ApiClient client, String namespace, String leaseName, String identity, Duration leaseDuration,
                      Duration renewDeadline, Duration retryPeriod, Runnable onStart, Runnable onStop) {
        this.lock = new LeaseLock(namespace, leaseName, identity, client);
        this.config = new LeaderElectionConfig(lock, leaseDuration, renewDeadline, retryPeriod);
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
            waitWhileAnotherProcessRenewsInOurName();
            if (closed.get()) {
                return;
            }
            elector = new LeaderElector(config, e -> LOG.warn("leader election: {}", e.toString()));
            elector.run(() -> {
                leading.set(true);
                LOG.info("{} is now the leader", identity);
                onStart.run();
            }, this::stopped, leader -> LOG.info("leader is {}", leader));
            stopped();
        }
    }

    private void waitWhileAnotherProcessRenewsInOurName() {
        while (!closed.get()) {
            Date before = renewTimeIfOurs();
            if (before == null || !sleep(config.getLeaseDuration())) {
                break;
            }
            Date after = renewTimeIfOurs();
            if (after == null || after.equals(before)) {
                break; // no longer in our name, or nobody renews it: its holder is gone (a former run of ours)
            }
            if (!twinRenewing.getAndSet(true)) {
                LOG.error("another live process renews Lease {} as {}: this one will not lead until it stops;"
                        + " give each process its own routescale.autoscaler.identity", lock.describe(), identity);
            }
        }
        twinRenewing.set(false);
    }

    private Date renewTimeIfOurs() {
        try {
            LeaderElectionRecord record = lock.get();
            return record != null && identity.equals(record.getHolderIdentity()) ? record.getRenewTime() : null;
        } catch (ApiException | RuntimeException e) {
            return null; // no Lease yet (404) or unreadable: the elector will say what is wrong
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether this process holds back because another live process renews the Lease under its identity. */
    public boolean isHeldBackByAnotherProcessWithItsIdentity() {
        return twinRenewing.get();
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
