package io.routescale.autoscaler.testing;

import io.routescale.autoscaler.act.Cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** A {@link Cluster} that runs a hook before each call of one method: another writer racing ours, for instance. */
public final class Intercept {
    public interface Hook {
        void run() throws Exception;
    }

    private Intercept() {
    }

    public static Cluster before(Cluster real, String method, Hook hook) {
        return (Cluster) Proxy.newProxyInstance(Cluster.class.getClassLoader(), new Class<?>[] {Cluster.class}, (proxy, m, args) -> {
            if (m.getName().equals(method)) {
                hook.run();
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
