package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.common.LambdaFunctionSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates the CloudFormation properties of a proactive evaluation into the configuration-item document the Guard
 * rules see, with the explicit table of doc/configuration-item-mapping.md for {@code AWS::Lambda::Function}. Values
 * keep their types; absent properties stay absent (no service defaults are invented); {@code Code} is not mapped.
 * Other resource types get a generic shape: top-level property names in lower camel case under {@code configuration}.
 */
public final class ConfigurationItems {
    /** How one value is carried over. */
    enum Kind { COPY, LAYERS, TAGS }

    /** One row of the table: a CloudFormation property path and the configuration-item path it lands on. */
    record Mapping(String cfnPath, String ciPath, Kind kind) {
    }

    /** doc/configuration-item-mapping.md, row by row, for AWS::Lambda::Function. */
    static final List<Mapping> LAMBDA = List.of(
            new Mapping("FunctionName", "configuration.functionName", Kind.COPY),
            new Mapping("Runtime", "configuration.runtime", Kind.COPY),
            new Mapping("Role", "configuration.role", Kind.COPY),
            new Mapping("Handler", "configuration.handler", Kind.COPY),
            new Mapping("Description", "configuration.description", Kind.COPY),
            new Mapping("Timeout", "configuration.timeout", Kind.COPY),
            new Mapping("MemorySize", "configuration.memorySize", Kind.COPY),
            new Mapping("TracingConfig.Mode", "configuration.tracingConfig.mode", Kind.COPY),
            new Mapping("VpcConfig.SubnetIds", "configuration.vpcConfig.subnetIds", Kind.COPY),
            new Mapping("VpcConfig.SecurityGroupIds", "configuration.vpcConfig.securityGroupIds", Kind.COPY),
            new Mapping("VpcConfig.Ipv6AllowedForDualStack", "configuration.vpcConfig.ipv6AllowedForDualStack", Kind.COPY),
            new Mapping("DeadLetterConfig.TargetArn", "configuration.deadLetterConfig.targetArn", Kind.COPY),
            new Mapping("KmsKeyArn", "configuration.kmskeyArn", Kind.COPY),
            new Mapping("Environment.Variables", "configuration.environment.variables", Kind.COPY),
            new Mapping("Layers", "configuration.layers", Kind.LAYERS),
            new Mapping("Architectures", "configuration.architectures", Kind.COPY),
            new Mapping("PackageType", "configuration.packageType", Kind.COPY),
            new Mapping("EphemeralStorage.Size", "configuration.ephemeralStorage.size", Kind.COPY),
            new Mapping("FileSystemConfigs[].Arn", "configuration.fileSystemConfigs[].arn", Kind.COPY),
            new Mapping("FileSystemConfigs[].LocalMountPath", "configuration.fileSystemConfigs[].localMountPath", Kind.COPY),
            new Mapping("ImageConfig.EntryPoint", "configuration.imageConfigResponse.imageConfig.entryPoint", Kind.COPY),
            new Mapping("ImageConfig.Command", "configuration.imageConfigResponse.imageConfig.command", Kind.COPY),
            new Mapping("ImageConfig.WorkingDirectory", "configuration.imageConfigResponse.imageConfig.workingDirectory", Kind.COPY),
            new Mapping("LoggingConfig.LogFormat", "configuration.loggingConfig.logFormat", Kind.COPY),
            new Mapping("LoggingConfig.ApplicationLogLevel", "configuration.loggingConfig.applicationLogLevel", Kind.COPY),
            new Mapping("LoggingConfig.SystemLogLevel", "configuration.loggingConfig.systemLogLevel", Kind.COPY),
            new Mapping("LoggingConfig.LogGroup", "configuration.loggingConfig.logGroup", Kind.COPY),
            new Mapping("CodeSigningConfigArn", "configuration.codeSigningConfigArn", Kind.COPY),
            new Mapping("SnapStart.ApplyOn", "configuration.snapStart.applyOn", Kind.COPY),
            new Mapping("ReservedConcurrentExecutions", "supplementaryConfiguration.Concurrency.reservedConcurrentExecutions", Kind.COPY),
            new Mapping("Tags", "tags", Kind.TAGS));

    private ConfigurationItems() {
    }

    /** The configuration item for one proactive evaluation. */
    public static ObjectNode translate(String resourceType, String resourceId, JsonNode properties) {
        ObjectNode ci = Json.object();
        ci.put("resourceType", resourceType);
        ci.put("resourceId", resourceId);
        if ("AWS::Lambda::Function".equals(resourceType)) {
            JsonNode name = properties.get("FunctionName");
            ci.put("resourceName", name != null && name.isTextual() ? name.textValue() : resourceId);
            for (Mapping m : LAMBDA) {
                apply(m, properties, ci);
            }
        } else {
            ci.put("resourceName", resourceId);
            ObjectNode configuration = ci.putObject("configuration");
            properties.fields().forEachRemaining(e -> {
                if (e.getKey().equals("Tags")) {
                    JsonNode tags = tagsMap(e.getValue());
                    if (tags != null) {
                        ci.set("tags", tags);
                    }
                } else {
                    configuration.set(lowerCamel(e.getKey()), e.getValue());
                }
            });
        }
        return ci;
    }

    private static void apply(Mapping m, JsonNode properties, ObjectNode ci) {
        if (m.cfnPath().contains("[]")) {
            String[] cfn = m.cfnPath().split("\\[\\]\\.");
            String[] target = m.ciPath().split("\\[\\]\\.");
            JsonNode list = properties.get(cfn[0]);
            if (list == null || !list.isArray()) {
                return;
            }
            ArrayNode out = arrayAt(ci, target[0]);
            for (int i = 0; i < list.size(); i++) {
                while (out.size() <= i) {
                    out.addObject();
                }
                JsonNode value = list.get(i).get(cfn[1]);
                if (value != null && out.get(i).isObject()) {
                    ((ObjectNode) out.get(i)).set(target[1], value);
                }
            }
            return;
        }
        JsonNode value = at(properties, m.cfnPath());
        if (value == null || value.isNull()) {
            return;
        }
        switch (m.kind()) {
            case LAYERS:
                if (value.isArray()) {
                    ArrayNode layers = Json.MAPPER.createArrayNode();
                    value.forEach(v -> layers.addObject().set("arn", v));
                    put(ci, m.ciPath(), layers);
                } else {
                    put(ci, m.ciPath(), value);
                }
                break;
            case TAGS:
                JsonNode map = tagsMap(value);
                put(ci, m.ciPath(), map == null ? value : map);
                break;
            case COPY:
            default:
                put(ci, m.ciPath(), value);
        }
    }

    /** CloudFormation [{Key, Value}] (or an already flat map) as a configuration item's tag map. */
    private static JsonNode tagsMap(JsonNode tags) {
        if (tags.isObject()) {
            return tags;
        }
        if (!tags.isArray()) {
            return null;
        }
        ObjectNode map = Json.object();
        for (JsonNode t : tags) {
            JsonNode k = t.get("Key");
            if (k != null && k.isTextual()) {
                JsonNode v = t.get("Value");
                map.set(k.textValue(), v == null ? Json.MAPPER.getNodeFactory().textNode("") : v);
            }
        }
        return map;
    }

    static JsonNode at(JsonNode node, String dottedPath) {
        JsonNode cur = node;
        for (String p : dottedPath.split("\\.")) {
            if (cur == null || !cur.isObject()) {
                return null;
            }
            cur = cur.get(p);
        }
        return cur;
    }

    private static void put(ObjectNode root, String dottedPath, JsonNode value) {
        String[] parts = dottedPath.split("\\.");
        parentOf(root, parts).set(parts[parts.length - 1], value);
    }

    private static ArrayNode arrayAt(ObjectNode root, String dottedPath) {
        String[] parts = dottedPath.split("\\.");
        ObjectNode cur = parentOf(root, parts);
        JsonNode existing = cur.get(parts[parts.length - 1]);
        if (existing != null && existing.isArray()) {
            return (ArrayNode) existing;
        }
        return cur.putArray(parts[parts.length - 1]);
    }

    /** The object that holds the last of {@code parts}, creating (or replacing non-objects with) the ones before. */
    private static ObjectNode parentOf(ObjectNode root, String[] parts) {
        ObjectNode cur = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = cur.get(parts[i]);
            if (next == null || !next.isObject()) {
                next = cur.putObject(parts[i]);
            }
            cur = (ObjectNode) next;
        }
        return cur;
    }

    static String lowerCamel(String name) {
        if (name.isEmpty() || Character.isLowerCase(name.charAt(0))) {
            return name;
        }
        int upper = 0;
        while (upper < name.length() && Character.isUpperCase(name.charAt(upper))) {
            upper++;
        }
        if (upper <= 1 || upper == name.length()) {
            return name.substring(0, Math.max(1, upper)).toLowerCase(java.util.Locale.ROOT) + name.substring(Math.max(1, upper));
        }
        return name.substring(0, upper - 1).toLowerCase(java.util.Locale.ROOT) + name.substring(upper - 1);
    }

    // ---- the CloudFormation schema check Config runs before evaluating (kept to what the rules rely on) ----

    /**
     * The problems Config's CloudFormation-schema validation would report for an AWS::Lambda::Function (a required
     * property missing, a value of the wrong JSON type, at any depth), in the registry validator's wording; empty when
     * fine. The registry schema file and the plugin's validator decide ({@link RegistrySchema}).
     */
    public static List<String> schemaProblems(String resourceType, JsonNode properties) {
        return RegistrySchema.problems(resourceType, properties);
    }

    /** The JSON schema type of a value: string, integer, number, boolean, array or object. */
    static String jsonType(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isArray()) {
            return "array";
        }
        return "object";
    }
}
