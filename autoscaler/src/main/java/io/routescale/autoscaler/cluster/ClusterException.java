package io.routescale.autoscaler.cluster;

/** A Kubernetes API call failed. {@link #status()} is the HTTP status, 0 when there was no answer. */
public class ClusterException extends Exception {
    private final int status;

    public ClusterException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 409: somebody else changed the object since it was read. */
    public boolean conflict() {
        return status == 409;
    }

    public boolean notFound() {
        return status == 404;
    }

    /** Worth another try: conflicts, throttling, server errors, no answer. */
    public boolean retryable() {
        return status == 0 || status == 409 || status == 429 || status >= 500;
    }
}
