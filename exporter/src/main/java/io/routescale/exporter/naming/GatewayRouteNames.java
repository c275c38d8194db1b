package io.routescale.exporter.naming;

import io.routescale.exporter.naming.KubernetesCatalog.BackendRef;
import io.routescale.exporter.naming.KubernetesCatalog.GatewayRouteObject;
import io.routescale.signals.Resolution;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traefik's names for Gateway API routes, provider {@code kubernetesgateway} ({@code pkg/provider/kubernetes/gateway},
 * {@code httproute.go}, {@code grpcroute.go}, {@code makeRouterName} in {@code kubernetes.go}; read at v3.6.24 and
 * v3.7.9):
 * <ul>
 *   <li>router: {@code Normalize("<kind>-<ns>-<route>-gw-<gateway ns>-<gateway>-ep-<entrypoint>-<rule index>")
 *       + "-" + <first 10 bytes of sha256(rule) in hex>}, one per parent listener and match;</li>
 *   <li>backend from Traefik 3.7.6 on: {@code <router>-svc-<backend ns>-<backend>-<backendRef index>}, one per
 *       router and backendRef (so weighted backendRefs and several parentRefs each get their own);</li>
 *   <li>backend before 3.7.6: HTTPRoute {@code Normalize(Normalize("<ns>-<backend>-http") + "-" + <port>)},
 *       GRPCRoute {@code Normalize(Normalize("<ns>-<backend>") + "-" + <port> + "-grpc")}.</li>
 * </ul>
 * With the routes from the API the gateway, listener and rule text need not be known: a name is matched on
 * the parts the route itself fixes (kind, namespace, name, rule index, and the backendRef at that index).
 */
final class GatewayRouteNames {
    static final String PROVIDER = "kubernetesgateway";

    /** {@code <key up to the entrypoint>-<rule index>-<hash20>}: a router name. */
    private static final Pattern ROUTER = Pattern.compile("^(.+-ep-.+)-(\\d+)-[0-9a-f]{20}$");
    /** {@code <router>-svc-<backend ns>-<backend>-<index>}; greedy so the last {@code -svc-} after a hash splits. */
    private static final Pattern BACKEND = Pattern.compile("^(.+-\\d+-[0-9a-f]{20})-svc-(.+)-(\\d+)$");
    private static final Pattern PARSED_ROUTER = Pattern.compile("^(?:httproute|grpcroute)-(.+?)-gw-.+-ep-.+-\\d+-[0-9a-f]{20}$");
    private static final Pattern PARSED_BACKEND = Pattern.compile("^(?:httproute|grpcroute)-.+-\\d+-[0-9a-f]{20}-svc-(.+)-\\d+$");
    private static final Pattern PARSED_OLD_HTTP = Pattern.compile("^(.+)-http-\\d+$");
    private static final Pattern PARSED_OLD_GRPC = Pattern.compile("^(.+)-\\d+-grpc$");

    private final Map<String, GatewayRouteObject> byKeyPrefix = new HashMap<>();
    private final Map<String, ResolvedName> oldBackends = new HashMap<>();

    GatewayRouteNames(List<GatewayRouteObject> routes) {
        for (GatewayRouteObject route : routes) {
            byKeyPrefix.put(TraefikNames.normalize(route.kind().toLowerCase(Locale.ROOT) + "-" + route.namespace() + "-" + route.name()), route);
            for (List<BackendRef> rule : route.rules()) {
                for (BackendRef ref : rule) {
                    if (!ref.isService() || ref.port() == null) {
                        continue;
                    }
                    String ns = namespaceOf(route, ref);
                    String key = route.kind().equals("GRPCRoute")
                            ? TraefikNames.normalize(TraefikNames.normalize(ns + "-" + ref.name()) + "-" + ref.port() + "-grpc")
                            : TraefikNames.normalize(TraefikNames.normalize(ns + "-" + ref.name() + "-http") + "-" + ref.port());
                    oldBackends.put(key, new ResolvedName(ns, ref.name(), Resolution.API));
                }
            }
        }
    }

    int size() {
        return byKeyPrefix.size() + oldBackends.size();
    }

    /** The route a router belongs to; null when no listed route explains the name. @param router without {@code @provider} */
    ResolvedName route(String router) {
        Located at = locate(router);
        return at == null ? null : new ResolvedName(at.route.namespace(), at.route.name(), Resolution.API);
    }

    /** The Service behind a backend; null when no listed route explains the name. @param service without {@code @provider} */
    ResolvedName backend(String service) {
        ResolvedName old = oldBackends.get(service);
        if (old != null) {
            return old;
        }
        Matcher m = BACKEND.matcher(service);
        if (!m.matches()) {
            return null;
        }
        Located at = locate(m.group(1));
        if (at == null) {
            return null;
        }
        int index = Integer.parseInt(m.group(3));
        List<BackendRef> refs = at.route.rules().get(at.ruleIndex);
        if (index >= refs.size()) {
            return null;
        }
        BackendRef ref = refs.get(index);
        String ns = namespaceOf(at.route, ref);
        return ref.isService() && m.group(2).equals(ns + "-" + ref.name()) ? new ResolvedName(ns, ref.name(), Resolution.API) : null;
    }

    private record Located(GatewayRouteObject route, int ruleIndex) {
    }

    /** The longest listed route key that starts the router name before one of its {@code -gw-}, and the rule. */
    private Located locate(String router) {
        Matcher m = ROUTER.matcher(router);
        if (!m.matches() || m.group(2).length() > 4) {
            return null;
        }
        String key = m.group(1);
        int ruleIndex = Integer.parseInt(m.group(2));
        for (int at = key.lastIndexOf("-gw-"); at > 0; at = key.lastIndexOf("-gw-", at - 1)) {
            GatewayRouteObject route = byKeyPrefix.get(key.substring(0, at));
            if (route != null && ruleIndex < route.rules().size()) {
                return new Located(route, ruleIndex);
            }
        }
        return null;
    }

    private static String namespaceOf(GatewayRouteObject route, BackendRef ref) {
        return ref.namespace().isEmpty() ? route.namespace() : ref.namespace();
    }

    /** Without the API: {@code <ns>-<name>} of a router's route, first {@code -gw-} wins; null when not this shape. */
    static String parsedRoute(String router) {
        Matcher m = PARSED_ROUTER.matcher(router);
        return m.matches() ? m.group(1) : null;
    }

    /** Without the API: {@code <ns>-<service>} of a backend, either naming; null when not one of these shapes. */
    static String parsedBackend(String service) {
        for (Pattern p : new Pattern[] {PARSED_BACKEND, PARSED_OLD_HTTP, PARSED_OLD_GRPC}) {
            Matcher m = p.matcher(service);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }
}
