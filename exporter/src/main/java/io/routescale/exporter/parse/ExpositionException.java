package io.routescale.exporter.parse;

/** A body was rejected as a whole; {@link #line()} is 1-based, 0 when the problem is not tied to a line. */
public final class ExpositionException extends Exception {
    private final RejectReason reason;
    private final long line;

    public ExpositionException(RejectReason reason, long line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.reason = reason;
        this.line = line;
    }

    public RejectReason reason() {
        return reason;
    }

    public long line() {
        return line;
    }
}
