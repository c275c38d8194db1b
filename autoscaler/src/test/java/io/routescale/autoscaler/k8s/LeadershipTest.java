package io.routescale.autoscaler.k8s;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.routescale.autoscaler.AutoscalerConfig;
import io.routescale.autoscaler.testing.TestApiServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two replicas campaign on one Lease: exactly one leads, and the other takes over when it goes. */
class LeadershipTest {

    @Test
    void oneLeaderAtATimeAndHandOver() throws Exception {
        try (TestApiServer api = new TestApiServer()) {
            AtomicInteger leaders = new AtomicInteger();
            AtomicInteger maxLeaders = new AtomicInteger();
            AtomicInteger starts = new AtomicInteger();
            Runnable start = () -> {
                starts.incrementAndGet();
                maxLeaders.accumulateAndGet(leaders.incrementAndGet(), Math::max);
            };
            Runnable stop = leaders::decrementAndGet;
            Duration lease = Duration.ofMillis(1500);
            Duration renew = Duration.ofMillis(1000);
            Duration retry = Duration.ofMillis(200);
            // Both with the default identity, as two replicas without HOSTNAME start (issue 13 item 19).
            String idA = new AutoscalerConfig().getIdentity();
            Leadership a = new Leadership(api.client, "routescale", "routescale-autoscaler", idA, lease, renew, retry, start, stop);
            Leadership b = new Leadership(api.client, "routescale", "routescale-autoscaler", new AutoscalerConfig().getIdentity(),
                    lease, renew, retry, start, stop);
            a.start();
            awaitTrue(a::isLeader, Duration.ofSeconds(10));
            OffsetDateTime campaigning = OffsetDateTime.now();
            b.start();
            // Not a sleep: wait until the API server shows that a renewed the Lease a whole lease duration after b began
            // campaigning, so b has had every chance to take an expired Lease.
            CoordinationV1Api leases = new CoordinationV1Api(api.client);
            awaitTrue(() -> {
                try {
                    V1LeaseSpec spec = leases.readNamespacedLease("routescale-autoscaler", "routescale").execute().getSpec();
                    return spec.getRenewTime().isAfter(campaigning.plus(lease));
                } catch (ApiException e) {
                    throw new AssertionError(e);
                }
            }, Duration.ofSeconds(10));
            assertEquals(idA, leases.readNamespacedLease("routescale-autoscaler", "routescale").execute().getSpec().getHolderIdentity());
            assertTrue(a.isLeader());
            assertFalse(b.isLeader(), "the Lease is held: no second leader");
            a.close();
            assertFalse(a.isLeader(), "a closed replica stops acting at once");
            awaitTrue(b::isLeader, Duration.ofSeconds(10));
            assertEquals(1, maxLeaders.get(), "never two leaders at once");
            assertEquals(2, starts.get());
            b.close();
        }
    }

    @Test
    void anotherLiveProcessWithTheSameIdentityIsNotJoinedAsLeader() throws Exception {
        try (TestApiServer api = new TestApiServer()) {
            String identity = "fixed-identity";
            CoordinationV1Api leases = leaseHeldBy(api, identity);
            AtomicBoolean twinAlive = new AtomicBoolean(true);
            AtomicInteger twinRenewals = new AtomicInteger();
            Thread twin = new Thread(() -> {
                while (twinAlive.get()) {
                    try {
                        V1Lease l = leases.readNamespacedLease("routescale-autoscaler", "routescale").execute();
                        l.getSpec().renewTime(OffsetDateTime.now());
                        leases.replaceNamespacedLease("routescale-autoscaler", "routescale", l).execute();
                        twinRenewals.incrementAndGet();
                        Thread.sleep(200);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            twin.start();
            AtomicInteger starts = new AtomicInteger();
            Leadership same = new Leadership(api.client, "routescale", "routescale-autoscaler", identity,
                    Duration.ofMillis(1500), Duration.ofMillis(1000), Duration.ofMillis(200), starts::incrementAndGet, () -> { });
            same.start();
            awaitTrue(same::isHeldBackByAnotherProcessWithItsIdentity, Duration.ofSeconds(10));
            int renewalsSeen = twinRenewals.get();
            awaitTrue(() -> twinRenewals.get() >= renewalsSeen + 10, Duration.ofSeconds(10)); // two seconds more of the twin
            assertFalse(same.isLeader(), "the Lease names it, but another process renews it");
            assertEquals(0, starts.get());
            assertTrue(same.isHeldBackByAnotherProcessWithItsIdentity());

            twinAlive.set(false);
            twin.join();
            awaitTrue(same::isLeader, Duration.ofSeconds(10));
            assertFalse(same.isHeldBackByAnotherProcessWithItsIdentity());
            assertEquals(1, starts.get());
            same.close();
        }
    }

    @Test
    void aLeaseLeftByAFormerRunOfTheSameIdentityIsTakenAfterOneLeaseDuration() throws Exception {
        try (TestApiServer api = new TestApiServer()) {
            leaseHeldBy(api, "fixed-identity");
            Leadership restarted = new Leadership(api.client, "routescale", "routescale-autoscaler", "fixed-identity",
                    Duration.ofMillis(1500), Duration.ofMillis(1000), Duration.ofMillis(200), () -> { }, () -> { });
            restarted.start();
            awaitTrue(restarted::isLeader, Duration.ofSeconds(10));
            assertFalse(restarted.isHeldBackByAnotherProcessWithItsIdentity(), "nobody renewed it: no twin was reported");
            restarted.close();
        }
    }

    /** A Lease as client-java's elector writes it, held by {@code holder} and renewed now. */
    private static CoordinationV1Api leaseHeldBy(TestApiServer api, String holder) throws ApiException {
        CoordinationV1Api leases = new CoordinationV1Api(api.client);
        leases.createNamespacedLease("routescale", new V1Lease().metadata(new V1ObjectMeta().name("routescale-autoscaler"))
                .spec(new V1LeaseSpec().holderIdentity(holder).leaseDurationSeconds(2).leaseTransitions(0)
                        .acquireTime(OffsetDateTime.now()).renewTime(OffsetDateTime.now()))).execute();
        return leases;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within " + timeout);
            Thread.sleep(50);
        }
    }
}
