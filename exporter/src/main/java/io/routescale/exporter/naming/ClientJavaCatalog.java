package io.routescale.exporter.naming;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.NetworkingV1Api;
import io.kubernetes.client.openapi.models.V1HTTPIngressPath;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1IngressRule;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link KubernetesCatalog} over the official client (client-java, through micronaut-kubernetes-client).
 * Only list calls: Traefik's own ServiceAccount may already list these kinds, and routescale needs nothing more.
 * IngressRoutes are read from {@code traefik.io/v1alpha1} (Traefik >= 2.10) and, when that group is absent,
 * from the older {@code traefik.containo.us/v1alpha1}; a cluster without the CRD has no IngressRoutes.
 * HTTPRoutes and GRPCRoutes are read from {@code gateway.networking.k8s.io/v1}; a cluster without those CRDs,
 * or a ServiceAccount not allowed to list them (Traefik's chart grants it only with its Gateway API provider
 * on), has none, and their Traefik names are parsed instead (said once in the log).
 */
public final class ClientJavaCatalog implements KubernetesCatalog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientJavaCatalog.class);
    private static final List<String> TRAEFIK_GROUPS = List.of("traefik.io", "traefik.containo.us");
    private static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

    private final java.util.Set<String> notListable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final CoreV1Api core;
    private final NetworkingV1Api networking;
    private final CustomObjectsApi custom;

    public ClientJavaCatalog(CoreV1Api core, NetworkingV1Api networking, CustomObjectsApi custom) {
        this.core = core;
        this.networking = networking;
        this.custom = custom;
    }

    @Override
    public Snapshot read() throws CatalogException {
        try {
            List<GatewayRouteObject> gatewayRoutes = new ArrayList<>(gatewayRoutes("HTTPRoute", "httproutes"));
            gatewayRoutes.addAll(gatewayRoutes("GRPCRoute", "grpcroutes"));
            return new Snapshot(services(), ingresses(), ingressRoutes(), gatewayRoutes);
        } catch (ApiException e) {
            throw new CatalogException("Kubernetes API answered " + e.getCode() + ": " + firstLine(e.getResponseBody()), e);
        }
    }

    private List<ServiceObject> services() throws ApiException {
        List<ServiceObject> out = new ArrayList<>();
        for (V1Service s : core.listServiceForAllNamespaces().execute().getItems()) {
            List<ServicePort> ports = new ArrayList<>();
            if (s.getSpec() != null && s.getSpec().getPorts() != null) {
                for (V1ServicePort p : s.getSpec().getPorts()) {
                    ports.add(new ServicePort(p.getName(), p.getPort()));
                }
            }
            out.add(new ServiceObject(s.getMetadata().getNamespace(), s.getMetadata().getName(), ports));
        }
        return out;
    }

    private List<IngressObject> ingresses() throws ApiException {
        List<IngressObject> out = new ArrayList<>();
        for (V1Ingress ing : networking.listIngressForAllNamespaces().execute().getItems()) {
            List<IngressPath> paths = new ArrayList<>();
            if (ing.getSpec() != null && ing.getSpec().getRules() != null) {
                for (V1IngressRule rule : ing.getSpec().getRules()) {
                    String host = rule.getHost() == null ? "" : rule.getHost();
                    if (rule.getHttp() == null) {
                        continue;
                    }
                    for (V1HTTPIngressPath p : rule.getHttp().getPaths()) {
                        paths.add(new IngressPath(host, p.getPath() == null ? "" : p.getPath()));
                    }
                }
            }
            out.add(new IngressObject(ing.getMetadata().getNamespace(), ing.getMetadata().getName(), paths));
        }
        return out;
    }

    private List<IngressRouteObject> ingressRoutes() throws ApiException {
        for (String group : TRAEFIK_GROUPS) {
            try {
                Object list = custom.listClusterCustomObject(group, "v1alpha1", "ingressroutes").execute();
                return parseIngressRoutes(list);
            } catch (ApiException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        return List.of();
    }

    private List<GatewayRouteObject> gatewayRoutes(String kind, String plural) throws ApiException {
        try {
            List<GatewayRouteObject> routes = parseGatewayRoutes(kind, custom.listClusterCustomObject(GATEWAY_GROUP, "v1", plural).execute());
            if (notListable.remove(plural)) {
                LOG.info("{}.{} are listable now", plural, GATEWAY_GROUP);
            }
            return routes;
        } catch (ApiException e) {
            if (e.getCode() != 404 && e.getCode() != 403) {
                throw e;
            }
            if (notListable.add(plural)) {
                LOG.info("{}.{}/v1 cannot be listed (HTTP {}): their Traefik names are parsed", plural, GATEWAY_GROUP, e.getCode());
            }
            return List.of();
        }
    }

    /** A Gateway API route list: each rule's backendRefs, the fields Traefik names its services after. */
    static List<GatewayRouteObject> parseGatewayRoutes(String kind, Object list) {
        List<GatewayRouteObject> out = new ArrayList<>();
        for (Object item : asList(asMap(list).get("items"))) {
            Map<?, ?> metadata = asMap(asMap(item).get("metadata"));
            List<List<BackendRef>> rules = new ArrayList<>();
            for (Object rule : asList(asMap(asMap(item).get("spec")).get("rules"))) {
                List<BackendRef> refs = new ArrayList<>();
                for (Object r : asList(asMap(rule).get("backendRefs"))) {
                    Map<?, ?> ref = asMap(r);
                    Integer port = ref.get("port") instanceof Number n ? n.intValue() : null;
                    refs.add(new BackendRef(text(ref.get("group")), text(ref.get("kind")), text(ref.get("namespace")),
                            text(ref.get("name")), port));
                }
                rules.add(refs);
            }
            out.add(new GatewayRouteObject(kind, text(metadata.get("namespace")), text(metadata.get("name")), rules));
        }
        return out;
    }

    /** The custom-objects API answers untyped maps; only the fields Traefik names things after are read. */
    static List<IngressRouteObject> parseIngressRoutes(Object list) {
        List<IngressRouteObject> out = new ArrayList<>();
        for (Object item : asList(asMap(list).get("items"))) {
            Map<?, ?> metadata = asMap(asMap(item).get("metadata"));
            String name = text(metadata.get("name"));
            if (name.isEmpty()) {
                name = text(metadata.get("generateName"));
            }
            List<IngressRouteRoute> routes = new ArrayList<>();
            for (Object r : asList(asMap(asMap(item).get("spec")).get("routes"))) {
                List<RouteService> services = new ArrayList<>();
                for (Object s : asList(asMap(r).get("services"))) {
                    Map<?, ?> svc = asMap(s);
                    services.add(new RouteService(text(svc.get("name")), text(svc.get("kind")), text(svc.get("namespace"))));
                }
                routes.add(new IngressRouteRoute(text(asMap(r).get("match")), services));
            }
            out.add(new IngressRouteObject(text(metadata.get("namespace")), name, routes));
        }
        return out;
    }

    private static Map<?, ?> asMap(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static List<?> asList(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String text(Object o) {
        return o == null ? "" : Objects.toString(o);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
