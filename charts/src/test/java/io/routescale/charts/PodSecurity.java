package io.routescale.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pod Security Standards' "restricted" profile (which includes "baseline"), control by control, as listed in
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/ (Kubernetes 1.33), plus routescale's own
 * rule that every container's root filesystem is read-only.
 */
final class PodSecurity {
    private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");

    private PodSecurity() {
    }

    /** Every violation in a pod spec, each naming its control and where; empty when the pod is "restricted". */
    static List<String> restrictedViolations(Map<String, Object> pod) {
        List<String> v = new ArrayList<>();
        Map<String, Object> podSc = Yaml.map(pod.get("securityContext"));
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Boolean.TRUE.equals(pod.get(host))) {
                v.add("Host Namespaces: " + host + " is true");
            }
        }
        if (Boolean.TRUE.equals(Yaml.at(podSc, "windowsOptions", "hostProcess"))) {
            v.add("HostProcess: pod windowsOptions.hostProcess is true");
        }
        for (Object vol : Yaml.list(pod.get("volumes"))) {
            Map<String, Object> volume = Yaml.map(vol);
            List<String> types = volume.keySet().stream().filter(k -> !k.equals("name")).toList();
            if (types.contains("hostPath")) {
                v.add("HostPath Volumes: volume " + volume.get("name"));
            }
            for (String t : types) {
                if (!RESTRICTED_VOLUME_TYPES.contains(t)) {
                    v.add("Volume Types: volume " + volume.get("name") + " is " + t);
                }
            }
        }
        for (Object s : Yaml.list(podSc.get("sysctls"))) {
            Object name = Yaml.map(s).get("name");
            if (!SAFE_SYSCTLS.contains(String.valueOf(name))) {
                v.add("Sysctls: " + name + " is not in the safe set");
            }
        }
        seLinux(v, "pod", podSc);
        appArmorAndSeccompNotUnconfined(v, "pod", podSc);
        if (Long.valueOf(0).equals(number(podSc.get("runAsUser")))) {
            v.add("Running as Non-root user: pod runAsUser is 0");
        }
        boolean podNonRoot = Boolean.TRUE.equals(podSc.get("runAsNonRoot"));
        String podSeccomp = String.valueOf(Yaml.at(podSc, "seccompProfile", "type"));

        List<Object> containers = new ArrayList<>();
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            containers.addAll(Yaml.list(pod.get(list)));
        }
        if (containers.isEmpty()) {
            v.add("pod has no containers");
        }
        for (Object c : containers) {
            v.addAll(containerViolations(Yaml.map(c), podNonRoot, podSeccomp));
        }
        return v;
    }

    /** The per-container controls, given what the pod sets for every container. */
    static List<String> containerViolations(Map<String, Object> c, boolean podNonRoot, String podSeccomp) {
        List<String> v = new ArrayList<>();
        String where = "container " + c.get("name");
        Map<String, Object> sc = Yaml.map(c.get("securityContext"));
        if (Boolean.TRUE.equals(sc.get("privileged"))) {
            v.add("Privileged Containers: " + where);
        }
        if (Boolean.TRUE.equals(Yaml.at(sc, "windowsOptions", "hostProcess"))) {
            v.add("HostProcess: " + where);
        }
        for (Object p : Yaml.list(c.get("ports"))) {
            Long hostPort = number(Yaml.map(p).get("hostPort"));
            if (hostPort != null && hostPort != 0) {
                v.add("Host Ports: " + where + " uses hostPort " + hostPort);
            }
        }
        Object procMount = sc.get("procMount");
        if (procMount != null && !"Default".equals(procMount)) {
            v.add("/proc Mount Type: " + where + " is " + procMount);
        }
        seLinux(v, where, sc);
        appArmorAndSeccompNotUnconfined(v, where, sc);
        if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
            v.add("Privilege Escalation: " + where + " does not set allowPrivilegeEscalation: false");
        }
        Object nonRoot = sc.get("runAsNonRoot");
        if (Boolean.FALSE.equals(nonRoot) || (nonRoot == null && !podNonRoot)) {
            v.add("Running as Non-root: " + where + " (and its pod) do not set runAsNonRoot: true");
        }
        if (Long.valueOf(0).equals(number(sc.get("runAsUser")))) {
            v.add("Running as Non-root user: " + where + " runAsUser is 0");
        }
        String seccomp = sc.containsKey("seccompProfile") ? String.valueOf(Yaml.at(sc, "seccompProfile", "type")) : podSeccomp;
        if (!Set.of("RuntimeDefault", "Localhost").contains(seccomp)) {
            v.add("Seccomp: " + where + " (and its pod) set no RuntimeDefault or Localhost profile");
        }
        List<Object> drop = Yaml.list(Yaml.at(sc, "capabilities", "drop"));
        if (!drop.contains("ALL")) {
            v.add("Capabilities: " + where + " does not drop ALL");
        }
        for (Object add : Yaml.list(Yaml.at(sc, "capabilities", "add"))) {
            if (!"NET_BIND_SERVICE".equals(add)) {
                v.add("Capabilities: " + where + " adds " + add);
            }
        }
        if (!Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))) {
            v.add("routescale: " + where + " has a writable root filesystem");
        }
        return v;
    }

    private static void seLinux(List<String> v, String where, Map<String, Object> sc) {
        Map<String, Object> se = Yaml.map(sc.get("seLinuxOptions"));
        Object type = se.get("type");
        if (type != null && !String.valueOf(type).isEmpty() && !SELINUX_TYPES.contains(String.valueOf(type))) {
            v.add("SELinux: " + where + " type " + type);
        }
        if (se.get("user") != null || se.get("role") != null) {
            v.add("SELinux: " + where + " sets a user or role");
        }
    }

    private static void appArmorAndSeccompNotUnconfined(List<String> v, String where, Map<String, Object> sc) {
        if ("Unconfined".equals(Yaml.at(sc, "appArmorProfile", "type"))) {
            v.add("AppArmor: " + where + " is Unconfined");
        }
        if ("Unconfined".equals(Yaml.at(sc, "seccompProfile", "type"))) {
            v.add("Seccomp: " + where + " is Unconfined");
        }
    }

    private static Long number(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }
}
