package io.routescale.autoscaler.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.routescale.autoscaler.policy.Policy;
import io.routescale.autoscaler.policy.PolicyException;
import io.routescale.autoscaler.policy.PolicyParser;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.nio.charset.StandardCharsets;

/**
 * Whatever a ConfigMap holds, the parser answers a valid policy or a {@link PolicyException}; never another
 * exception, and never a policy that breaks its own invariants. Corpus: src/test/resources/.../PolicyFuzzTestInputs.
 */
class PolicyFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void validPolicyOrPreciseRejection(byte[] data) {
        String yaml = new String(data, StandardCharsets.UTF_8);
        try {
            Policy p = new PolicyParser().parse(yaml);
            for (TargetPolicy t : p.targets()) {
                if (t.minReplicas() < 1 || t.minReplicas() > t.maxReplicas() || t.signals().isEmpty()
                        || !(t.tolerance() >= 0) || t.stableWindow().equals(t.fastWindow()) && t.burst().enabled()) {
                    throw new IllegalStateException("accepted an invalid target: " + t);
                }
            }
        } catch (PolicyException e) {
            if (e.problems().isEmpty()) {
                throw new IllegalStateException("rejection without a reason");
            }
        }
    }
}
