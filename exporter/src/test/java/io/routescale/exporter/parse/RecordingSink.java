package io.routescale.exporter.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Keeps every accepted sample as text, for assertions. */
final class RecordingSink implements SampleSink {
    record Sample(String name, String labels, double value) {
    }

    final List<Sample> samples = new ArrayList<>();
    private final Predicate<String> wanted;

    RecordingSink(Predicate<String> wanted) {
        this.wanted = wanted;
    }

    @Override
    public boolean wants(String metricName) {
        return wanted.test(metricName);
    }

    @Override
    public void accept(String metricName, LabelView labels, double value) {
        samples.add(new Sample(metricName, labels.toString(), value));
    }
}
