package io.routescale.autoscaler.replay;

/** Bad replay input: the message names the file, line and field. */
public final class ReplayException extends Exception {
    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
