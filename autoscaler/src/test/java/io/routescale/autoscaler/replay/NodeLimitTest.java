package io.routescale.autoscaler.replay;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pods that no node has room for wait for a node (issue 12 item 7): what the simulator does, and what a scaler sees. */
class NodeLimitTest {
    /** Asks for {@code wanted} every second and records the Unschedulable pods it was shown. */
    private static final class Asking implements Scaler {
        final int wanted;
        final List<Integer> unschedulable = new ArrayList<>();

        Asking(int wanted) {
            this.wanted = wanted;
        }

        @Override
        public String name() {
            return "asking";
        }

        @Override
        public int desired(int t, SignalsAt load, int spec, int ready) {
            throw new AssertionError("the simulator asks with the Unschedulable count");
        }

        @Override
        public int desired(int t, SignalsAt load, int spec, int ready, int unschedulable) {
            this.unschedulable.add(unschedulable);
            return wanted;
        }
    }

    private static double[] load(int seconds) {
        double[] v = new double[seconds];
        Arrays.fill(v, 300);
        return v;
    }

    @Test
    void podsBeyondTheNodesWaitForANewOneThenForTheirOwnStartUp() {
        // 4 pods on 1 node of 4; 12 asked for at 0; at most 2 nodes; a node takes 30 s, a pod 20 s.
        ClusterModel model = new ClusterModel(100, 0.25, 20).withNodes(new NodeLimit(4, 2, 30));
        Asking scaler = new Asking(12);
        Simulator.Run run = Simulator.run(scaler, load(120), load(120), model, 4);
        assertEquals(0, scaler.unschedulable.get(0), "before the first ask");
        assertEquals(8, scaler.unschedulable.get(1), "8 of the 12 have no node");
        assertEquals(8, scaler.unschedulable.get(29));
        assertEquals(4, scaler.unschedulable.get(30), "the second node takes 4; the last 4 never get one (2 nodes at most)");
        assertEquals(4, scaler.unschedulable.get(119));
        assertEquals(4, run.ready()[49]);
        assertEquals(8, run.ready()[50], "placed at 30, serving a pod start-up later");
        assertEquals(8, run.ready()[119]);
        assertEquals(12, run.spec()[119], "asked for");
        assertEquals(30 * 4 + 90 * 8, run.podSeconds(), 1e-9, "pods on a node, not pods asked for");
    }

    @Test
    void withoutANodeLimitEveryPodHasANode() {
        Asking scaler = new Asking(12);
        Simulator.Run run = Simulator.run(scaler, load(60), load(60), new ClusterModel(100, 0.25, 20), 4);
        assertEquals(List.of(0), scaler.unschedulable.stream().distinct().toList());
        assertEquals(4, run.ready()[19]);
        assertEquals(12, run.ready()[20]);
        assertEquals(60 * 12, run.podSeconds(), 1e-9, "every pod asked for is on a node from its first second");
    }

    @Test
    void aScaleDownTakesThePodsWithNoNodeFirst() {
        ClusterModel model = new ClusterModel(100, 0.25, 0).withNodes(new NodeLimit(4, 1, 1000));
        Scaler upThenDown = new Scaler() {
            @Override
            public String name() {
                return "up-then-down";
            }

            @Override
            public int desired(int t, SignalsAt load, int spec, int ready) {
                return t < 10 ? 8 : 5;
            }
        };
        Simulator.Run run = Simulator.run(upThenDown, load(20), load(20), model, 4);
        assertEquals(4, run.ready()[9]);
        assertEquals(4, run.ready()[10], "8 -> 5 removes 3 of the 4 without a node, none that serves");
        assertEquals(5, run.spec()[10]);
    }

    @Test
    void theFlagsGoTogetherAndBadValuesAreOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, ReplayCommand.run(new String[] {"--scenario", "flash-crowd", "--pods-per-node", "4"}, sink, errors));
        assertEquals("replay: model: --pods-per-node and --max-nodes go together (and --node-startup-seconds with them)\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, ReplayCommand.run(new String[] {"--scenario", "flash-crowd", "--pods-per-node", "0", "--max-nodes", "3"}, sink, errors));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("replay: model: nodes need at least 1 pod per node"), err.toString());
    }

    @Test
    void aReplayOnLimitedNodesSaysSoAndRoutescaleAddsNoneWhileSomeWait() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("nodes");
        int code = ReplayCommand.run(new String[] {"--scenario", "flash-crowd", "--pods-per-node", "4", "--max-nodes", "3",
                        "--node-startup-seconds", "90", "--report", dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("at most 3 nodes of 4 pods, node start-up 90 s"), out.toString());
    }
}
