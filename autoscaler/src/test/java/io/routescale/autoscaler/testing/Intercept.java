package io.routescale.autoscaler.testing;

import io.routescale.autoscaler.act.ScaleClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** A {@link ScaleClient} that runs a hook before each call of one method: another writer racing ours, for instance. */
public final class Intercept {
    public interface Hook {
        void run() throws Exception;
    }

    private Intercept() {
    }

    public static ScaleClient before(ScaleClient real, String method, Hook hook) {
        return (ScaleClient) Proxy.newProxyInstance(ScaleClient.class.getClassLoader(), new Class<?>[] {ScaleClient.class}, (proxy, m, args) -> {
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
