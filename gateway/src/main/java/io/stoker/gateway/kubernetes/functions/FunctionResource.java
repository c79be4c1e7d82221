package io.stoker.gateway.kubernetes.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A deployed function as a Kubernetes object ({@code functions.stoker.io/v1}, kind {@code Function}): its spec is
 * the function's spec exactly as {@code SpecWriter} writes it and {@code SpecParser} reads it (the one validation of
 * a function, so the CRD's schema checks only its shape), its status what the gateway that wrote it records. The CRD
 * is {@code deploy/kubernetes/crd-function.yaml}; a test checks that it names this type.
 */
@Group(FunctionResource.GROUP)
@Version(FunctionResource.VERSION)
@Kind("Function")
@Plural("functions")
@Singular("function")
@ShortNames("fn")
public class FunctionResource extends CustomResource<JsonNode, FunctionStatus> implements Namespaced {

    public static final String GROUP = "stoker.io";
    public static final String VERSION = "v1";
}
