package io.stoker.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stoker.gateway.kubernetes.functions.FunctionResource;
import io.stoker.gateway.kubernetes.functions.FunctionStatus;
import io.stoker.runtime.spec.SpecParser;
import io.stoker.runtime.spec.SpecWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The kustomize base in deploy/kubernetes, read with fabric8's typed model: the hardening of the gateway's pod, RBAC
 * limited to the namespace and to what the gateway does, the NetworkPolicy, the selectors that tie the parts, and a
 * CRD that names the Java type. The base is read file by file as kustomize reads it (its namespace and image tag
 * applied), so this runs without kubectl; a second test renders it with kubectl when one is installed and compares.
 */
class ManifestsTest {

    private static final Path BASE = ApiServerStandIn.repo().resolve("deploy/kubernetes");

    @Test
    void theGatewayPodIsHardenedAndProbedOnItsHealthEndpoints() throws IOException {
        List<HasMetadata> all = base();
        Deployment deployment = one(all, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getServiceAccountName()).isEqualTo(one(all, ServiceAccount.class).getMetadata().getName());

        assertThat(pod.getContainers()).hasSize(1);
        Container gateway = pod.getContainers().get(0);
        assertThat(gateway.getImage()).isEqualTo("stoker/gateway:0.1.0");
        var sc = gateway.getSecurityContext();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
        for (String r : List.of("cpu", "memory")) {
            assertThat(gateway.getResources().getRequests()).as("request " + r).containsKey(r);
            assertThat(gateway.getResources().getLimits()).as("limit " + r).containsKey(r);
        }
        assertThat(gateway.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(gateway.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(gateway.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(gateway.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort()).containsExactly("http:8080");

        Map<String, String> fields = gateway.getEnv().stream().filter(e -> e.getValueFrom() != null)
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getFieldRef().getFieldPath()));
        assertThat(fields).containsEntry("POD_NAME", "metadata.name").containsEntry("POD_NAMESPACE", "metadata.namespace");

        // A read-only root needs a writable /tmp: in memory, bounded. No host paths.
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        assertThat(volumes.values()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
        String tmpVolume = gateway.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                .findFirst().orElseThrow().getName();
        assertThat(volumes.get(tmpVolume).getEmptyDir().getMedium()).isEqualTo("Memory");
        assertThat(volumes.get(tmpVolume).getEmptyDir().getSizeLimit()).isNotNull();

        // The settings a cluster's gateway needs come from the ConfigMap the container reads.
        var config = one(all, io.fabric8.kubernetes.api.model.ConfigMap.class);
        assertThat(gateway.getEnvFrom()).anySatisfy(e -> assertThat(e.getConfigMapRef().getName())
                .isEqualTo(config.getMetadata().getName()));
        assertThat(config.getData()).containsEntry("STOKER_REGISTRY_STORE", "kubernetes")
                .containsEntry("STOKER_ENGINE", "kubernetes").containsEntry("STOKER_BUILD_ENABLED", "false");
    }

    @Test
    void rbacIsOneNamespacedRoleWithOnlyTheVerbsTheGatewayUses() throws IOException {
        List<HasMetadata> all = base();
        assertThat(all).extracting(HasMetadata::getKind).doesNotContain("ClusterRole", "ClusterRoleBinding");
        Role role = one(all, Role.class);
        assertThat(role.getMetadata().getNamespace()).isEqualTo("stoker");
        Map<String, Set<String>> granted = new java.util.TreeMap<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getResourceNames()).isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    granted.computeIfAbsent((group.isEmpty() ? "" : group + "/") + resource, k -> new TreeSet<>())
                            .addAll(rule.getVerbs());
                }
            }
        }
        assertThat(granted).isEqualTo(Map.of(
                "pods", Set.of("create", "get", "list", "watch", "patch", "delete"),
                "pods/log", Set.of("get"),
                "secrets", Set.of("create", "get", "list", "update", "delete"),
                "stoker.io/functions", Set.of("get", "list", "watch", "create", "update", "patch", "delete")));

        RoleBinding binding = one(all, RoleBinding.class);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(one(all, ServiceAccount.class).getMetadata().getName());
        });
    }

    @Test
    void onlyGatewayPodsReachFunctionPodsAndTheServiceSelectsTheGateway() throws IOException {
        List<HasMetadata> all = base();
        Map<String, String> gatewayLabels = one(all, Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
        NetworkPolicy policy = one(all, NetworkPolicy.class);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("stoker.managed", "true"));
        assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
                assertThat(gatewayLabels).containsAllEntriesOf(peer.getPodSelector().getMatchLabels());
            });
        });
        Service service = one(all, Service.class);
        assertThat(gatewayLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(one(all, Deployment.class).getSpec().getSelector().getMatchLabels())
                .isEqualTo(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        // Every namespaced object lands in the base's namespace, which the base creates.
        assertThat(all.stream().filter(o -> !(o instanceof CustomResourceDefinition)
                && !(o instanceof io.fabric8.kubernetes.api.model.Namespace)))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo("stoker"));
        assertThat(one(all, io.fabric8.kubernetes.api.model.Namespace.class).getMetadata().getName()).isEqualTo("stoker");
    }

    @Test
    void theCrdNamesTheJavaTypeAndItsStatusSchemaHasExactlyTheStatusFields() throws IOException {
        CustomResourceDefinition crd = one(base(), CustomResourceDefinition.class);
        assertThat(crd.getMetadata().getName()).isEqualTo(HasMetadata.getFullResourceName(FunctionResource.class))
                .isEqualTo("functions.stoker.io");
        assertThat(crd.getSpec().getGroup()).isEqualTo(HasMetadata.getGroup(FunctionResource.class));
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo(HasMetadata.getKind(FunctionResource.class));
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(HasMetadata.getPlural(FunctionResource.class));
        assertThat(crd.getSpec().getNames().getSingular()).isEqualTo(HasMetadata.getSingular(FunctionResource.class));
        assertThat(crd.getSpec().getScope()).isEqualTo(
                Namespaced.class.isAssignableFrom(FunctionResource.class) ? "Namespaced" : "Cluster");
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().stream()
                .filter(CustomResourceDefinitionVersion::getStorage).findFirst().orElseThrow();
        assertThat(version.getName()).isEqualTo(HasMetadata.getVersion(FunctionResource.class));
        assertThat(version.getSubresources()).as("status is written with the spec, in one update").isNull();

        JSONSchemaProps schema = version.getSchema().getOpenAPIV3Schema();
        Set<String> statusFields = new ObjectMapper().valueToTree(new FunctionStatus()).properties().stream()
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(schema.getProperties().get("status").getProperties().keySet())).isEqualTo(statusFields);

        // The spec is the function's spec as SpecWriter writes it; the schema's own checks accept such a spec.
        JSONSchemaProps spec = schema.getProperties().get("spec");
        assertThat(spec.getXKubernetesPreserveUnknownFields()).isTrue();
        var written = SpecWriter.toJson(SpecParser.parse("name: shape-check\nimage: stoker/python:bookworm\n"));
        assertThat(spec.getRequired()).allSatisfy(k -> assertThat(written.hasNonNull(k)).as(k).isTrue());
        assertThat(written.get("name").asText()).matches(spec.getProperties().get("name").getPattern());
        assertThat(SpecParser.NAME.pattern()).isEqualTo(spec.getProperties().get("name").getPattern()
                .replaceAll("^\\^|\\$$", ""));
    }

    @Test
    void kubectlRendersTheBaseToTheSameObjects() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed (Debian: apt-get install kubernetes-client);"
                + " the other tests here read the base without it");
        Process p = new ProcessBuilder("kubectl", "kustomize", BASE.toString()).redirectErrorStream(false).start();
        String rendered = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        List<HasMetadata> byKubectl = parse(rendered);
        assertThat(byKubectl).extracting(ManifestsTest::key).containsExactlyInAnyOrderElementsOf(
                base().stream().map(ManifestsTest::key).toList());
        assertThat(one(byKubectl, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("stoker/gateway:0.1.0");
    }

    /** The base's files as kustomize reads them: each listed resource, the namespace set, the image tag applied. */
    static List<HasMetadata> base() throws IOException {
        GenericKubernetesResource k = Serialization.unmarshal(Files.readString(BASE.resolve("kustomization.yaml")),
                GenericKubernetesResource.class);
        String namespace = (String) k.getAdditionalProperties().get("namespace");
        @SuppressWarnings("unchecked")
        List<String> files = (List<String>) k.getAdditionalProperties().get("resources");
        @SuppressWarnings("unchecked")
        List<Map<String, String>> images = (List<Map<String, String>>) k.getAdditionalProperties().get("images");
        List<HasMetadata> all = new ArrayList<>();
        for (String file : files) {
            for (HasMetadata o : parse(Files.readString(BASE.resolve(file)))) {
                if (!(o instanceof CustomResourceDefinition) && !(o instanceof io.fabric8.kubernetes.api.model.Namespace)) {
                    o.getMetadata().setNamespace(namespace);
                }
                if (o instanceof Deployment d) {
                    for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                        images.stream().filter(i -> i.get("name").equals(c.getImage()))
                                .forEach(i -> c.setImage(c.getImage() + ":" + i.get("newTag")));
                    }
                }
                all.add(o);
            }
        }
        return all;
    }

    private static List<HasMetadata> parse(String yaml) {
        Object parsed = Serialization.unmarshal(yaml);
        if (parsed instanceof KubernetesList list) {
            return list.getItems();
        }
        if (parsed instanceof List<?> list) {
            return list.stream().map(HasMetadata.class::cast).toList();
        }
        return List.of((HasMetadata) parsed);
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> all, Class<T> type) {
        List<T> found = all.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static String key(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
