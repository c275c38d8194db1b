package io.routescale.exporter.parse;

/**
 * Receives the samples of one exposition body, in order. Samples of names the sink does not want are still
 * checked for syntax but never turned into strings, which keeps parsing of large bodies cheap.
 */
public interface SampleSink {
    /** Asked once for each run of consecutive lines with the same metric name. */
    boolean wants(String metricName);

    /**
     * One sample of a wanted metric. {@code labels} is only valid during the call.
     *
     * @throws ExpositionException when the sample contradicts what the sink knows (counted as a rejected body)
     */
    void accept(String metricName, LabelView labels, double value) throws ExpositionException;
}
