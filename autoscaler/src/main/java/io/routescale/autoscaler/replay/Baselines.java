package io.routescale.autoscaler.replay;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code report.json} {@code baselines}: the HPA and the KPA run at every target of a sweep, so routescale is
 * judged against each one's whole cost/violation frontier, not against one setting of it.
 *
 * @param sloRatePerReplica the rate at which one replica meets the SLO in the model; the sweep's 100%
 */
@Serdeable
public record Baselines(double sloRatePerReplica, List<FrontierPoint> hpa, FrontierVerdict hpaVerdict,
                        List<FrontierPoint> kpa, FrontierVerdict kpaVerdict) {
}
