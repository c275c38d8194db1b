package io.routescale.autoscaler;

import io.micronaut.runtime.Micronaut;

public final class AutoscalerApplication {
    private AutoscalerApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(AutoscalerApplication.class, args);
    }
}
