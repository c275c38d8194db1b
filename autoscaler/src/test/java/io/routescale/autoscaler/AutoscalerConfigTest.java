package io.routescale.autoscaler;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13 item 19: two replicas without HOSTNAME both held the Lease under the constant default identity. */
class AutoscalerConfigTest {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void theDefaultIdentityIsUniquePerProcessWithOrWithoutAHostName() {
        String a = AutoscalerConfig.defaultIdentity(null);
        String b = AutoscalerConfig.defaultIdentity(null);
        assertNotEquals(a, b);
        assertTrue(a.matches("routescale-autoscaler_" + UUID), a);
        String pod = AutoscalerConfig.defaultIdentity("routescale-autoscaler-7d9f-x2k4p");
        assertTrue(pod.matches("routescale-autoscaler-7d9f-x2k4p_" + UUID), pod);
        assertNotEquals(pod, AutoscalerConfig.defaultIdentity("routescale-autoscaler-7d9f-x2k4p"), "a restarted container too");
        assertNotEquals(new AutoscalerConfig().getIdentity(), new AutoscalerConfig().getIdentity());
    }
}
