package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

import static com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
import static com.lambda.tracing.hook.transform.SamTransform.getAtt;
import static com.lambda.tracing.hook.transform.SamTransform.ref;

/**
 * {@code AutoPublishAlias}: an {@code AWS::Lambda::Version} whose logical id changes with the code (so that
 * CloudFormation publishes a new version when the code changes) and an {@code AWS::Lambda::Alias} pointing at it.
 * {@code !Ref Fn.Version} and {@code !Ref Fn.Alias} resolve to them.
 */
final class SamVersions {
    /** The alias to publish and, when given, the code SHA-256 that names the version. */
    record Published(String alias, String codeSha256) {
    }

    private SamVersions() {
    }

    /** The alias settings of a function, or null when it publishes none; rejects settings SAM rejects. */
    static Published validate(String id, ObjectNode p, Intrinsics in) {
        JsonNode raw = p.get("AutoPublishAlias");
        if (raw == null || raw.isNull()) {
            for (String needsAlias : new String[] {"ProvisionedConcurrencyConfig", "DeploymentPreference",
                    "VersionDeletionPolicy"}) {
                if (p.has(needsAlias) && !(needsAlias.equals("DeploymentPreference") && !deploymentEnabled(p, in))) {
                    throw TransformException.resource(id, "'" + needsAlias + "' requires 'AutoPublishAlias' to be set.");
                }
            }
            return null;
        }
        JsonNode alias = in.resolveParameters(raw);
        if (!alias.isTextual()) {
            throw TransformException.resource(id, "'AutoPublishAlias' must be a string or a Ref to a template parameter.");
        }
        if (alias.asText().isEmpty()) {
            throw TransformException.resource(id, "'AutoPublishAlias' must not be empty.");
        }
        if (!SamFunction.validAliasName(alias.asText())) {
            throw TransformException.resource(id, "'AutoPublishAlias' must contain only alphanumerics, hyphens and"
                    + " underscores, not '" + alias.asText() + "'.");
        }
        JsonNode policy = p.get("VersionDeletionPolicy");
        if (policy != null) {
            JsonNode resolved = in.resolveParameters(policy);
            if (!resolved.isTextual() || !(resolved.asText().equals("Delete") || resolved.asText().equals("Retain"))) {
                throw TransformException.resource(id, "'VersionDeletionPolicy' must be Delete or Retain.");
            }
        }
        String sha = null;
        JsonNode shaNode = p.get("AutoPublishCodeSha256");
        if (shaNode != null) {
            JsonNode resolved = in.resolveParameters(shaNode);
            if (!resolved.isTextual()) {
                throw TransformException.resource(id, "'AutoPublishCodeSha256' must be a string.");
            }
            sha = resolved.asText();
        }
        return new Published(alias.asText(), sha);
    }

    private static boolean deploymentEnabled(ObjectNode p, Intrinsics in) {
        JsonNode enabled = p.path("DeploymentPreference").get("Enabled");
        if (enabled == null) {
            return true;
        }
        JsonNode v = in.resolveParameters(enabled);
        return !(v.isBoolean() && !v.booleanValue()) && !(v.isTextual() && v.asText().equalsIgnoreCase("false"));
    }

    static void construct(String id, ObjectNode resource, ObjectNode p, ObjectNode functionProps, Published published,
                          SamTransform.Context ctx, Map<String, ObjectNode> out) {
        JsonNode hashed;
        boolean allProperties = SamFunction.truthy(p.get("AutoPublishAliasAllProperties"));
        if (allProperties) {
            hashed = functionProps.deepCopy();
        } else {
            ObjectNode d = (ObjectNode) ctx.intrinsics.resolveParameters(functionProps.get("Code"));
            JsonNode environment = functionProps.get("Environment");
            if (environment != null && environment.isObject()) {
                d.setAll((ObjectNode) environment.deepCopy());
            }
            JsonNode memory = functionProps.get("MemorySize");
            if (SamFunction.truthy(memory)) {
                d.set("MemorySize", memory.deepCopy());
            }
            JsonNode snapStart = functionProps.get("SnapStart");
            if (snapStart != null && snapStart.isObject() && !"None".equals(snapStart.path("ApplyOn").asText("None"))) {
                d.set("SnapStart", snapStart.deepCopy());
            }
            hashed = d;
        }
        String versionId = LogicalIds.generate(id + "Version", hashed, published.codeSha256());
        ObjectNode version = instance.objectNode();
        version.put("Type", "AWS::Lambda::Version");
        JsonNode deletion = p.get("VersionDeletionPolicy");
        version.set("DeletionPolicy", deletion == null ? SamTransform.text("Retain") : ctx.intrinsics.resolveParameters(deletion));
        copyCondition(resource, version);
        ObjectNode vp = version.putObject("Properties");
        if (p.has("VersionDescription")) {
            vp.set("Description", p.get("VersionDescription").deepCopy());
        }
        vp.set("FunctionName", ref(id));
        SamFunction.putNew(out, versionId, version);

        String aliasId = id + "Alias" + published.alias().replace("-", "D").replace("_", "U");
        ObjectNode alias = instance.objectNode();
        alias.put("Type", "AWS::Lambda::Alias");
        copyCondition(resource, alias);
        ObjectNode ap = alias.putObject("Properties");
        ap.put("Name", published.alias());
        ap.set("FunctionName", ref(id));
        ap.set("FunctionVersion", getAtt(versionId, "Version"));
        if (p.has("ProvisionedConcurrencyConfig")) {
            ap.set("ProvisionedConcurrencyConfig", p.get("ProvisionedConcurrencyConfig").deepCopy());
        }
        SamFunction.putNew(out, aliasId, alias);
        ctx.references.put(id + ".Version", versionId);
        ctx.references.put(id + ".Alias", aliasId);
    }

    private static void copyCondition(JsonNode from, ObjectNode to) {
        if (from.has("Condition")) {
            to.set("Condition", from.get("Condition").deepCopy());
        }
    }
}
