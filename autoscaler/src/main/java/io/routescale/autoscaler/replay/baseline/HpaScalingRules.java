package io.routescale.autoscaler.replay.baseline;

import java.util.List;

/**
 * {@code autoscaling/v2 HPAScalingRules} for one direction, as the HPA controller holds it after API defaulting.
 * The baseline's own type: it shares nothing with routescale's policy model, so a change there cannot move the
 * baseline that judges it.
 *
 * @param stabilizationWindowSeconds recommendations this recent are considered
 * @param select                     which policy wins
 * @param policies                   rate limits
 */
public record HpaScalingRules(int stabilizationWindowSeconds, Select select, List<Policy> policies) {
    /** {@code selectPolicy}: Max (the default), Min, Disabled. */
    public enum Select { MAX, MIN, DISABLED }

    /** {@code HPAScalingPolicy}: at most {@code value} pods, or percent, per {@code periodSeconds}. */
    public record Policy(Type type, int value, int periodSeconds) {
        public enum Type { PODS, PERCENT }
    }

    /**
     * Kubernetes' scale-up default ({@code pkg/apis/autoscaling/v2/defaults.go} {@code GenerateHPAScaleUpRules}):
     * no stabilization, the larger of 4 pods and 100% per 15 s.
     */
    public static HpaScalingRules defaultScaleUp() {
        return new HpaScalingRules(0, Select.MAX, List.of(new Policy(Policy.Type.PODS, 4, 15),
                new Policy(Policy.Type.PERCENT, 100, 15)));
    }

    /** Kubernetes' scale-down default ({@code GenerateHPAScaleDownRules}): 300 s stabilization, 100% per 15 s. */
    public static HpaScalingRules defaultScaleDown() {
        return new HpaScalingRules(300, Select.MAX, List.of(new Policy(Policy.Type.PERCENT, 100, 15)));
    }

    /** {@code getLongestPolicyPeriod}. */
    int longestPolicyPeriod() {
        int longest = 0;
        for (Policy p : policies) {
            longest = Math.max(longest, p.periodSeconds());
        }
        return longest;
    }
}
