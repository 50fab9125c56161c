package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties SAM accepts on its resource types and the JSON type each one takes. A property SAM does not know,
 * or a value of the wrong type, is rejected as the translator rejects it. An intrinsic function is accepted for any
 * property: CloudFormation resolves it later.
 */
final class SamSchema {
    enum Kind {
        STRING("a string"), INTEGER("an integer"), BOOLEAN("a boolean"), MAP("a mapping"), LIST("a list"),
        STRING_OR_MAP("a string or a mapping"), STRING_OR_LIST("a string or a list"),
        POLICIES("a string, a mapping or a list"), ANY("any value");

        final String description;

        Kind(String description) {
            this.description = description;
        }

        boolean accepts(JsonNode v) {
            if (v == null || v.isNull() || Intrinsics.isIntrinsic(v)) {
                return true;
            }
            switch (this) {
                case STRING:
                    return v.isTextual() || v.isNumber() || v.isBoolean();
                case INTEGER:
                    return v.isIntegralNumber() || (v.isTextual() && v.asText().matches("-?\\d+"));
                case BOOLEAN:
                    return v.isBoolean() || (v.isTextual() && v.asText().matches("(?i)true|false"));
                case MAP:
                    return v.isObject();
                case LIST:
                    return v.isArray();
                case STRING_OR_MAP:
                    return v.isTextual() || v.isObject();
                case STRING_OR_LIST:
                    return v.isTextual() || v.isArray();
                case POLICIES:
                    return v.isTextual() || v.isObject() || v.isArray();
                default:
                    return true;
            }
        }
    }

    private static final Map<String, Map<String, Kind>> TYPES = new LinkedHashMap<>();

    static {
        Map<String, Kind> f = new LinkedHashMap<>();
        for (String s : new String[] {"FunctionName", "Handler", "Runtime", "ImageUri", "PackageType", "Description",
                "RolePath", "AutoPublishAlias", "AutoPublishCodeSha256", "VersionDescription", "CodeSigningConfigArn",
                "RecursiveLoop", "SourceKMSKeyArn", "VersionDeletionPolicy", "Tracing"}) {
            f.put(s, Kind.STRING);
        }
        for (String s : new String[] {"CodeUri", "InlineCode", "Role", "PermissionsBoundary", "KmsKeyArn"}) {
            f.put(s, Kind.STRING_OR_MAP);
        }
        for (String s : new String[] {"MemorySize", "Timeout", "ReservedConcurrentExecutions"}) {
            f.put(s, Kind.INTEGER);
        }
        for (String s : new String[] {"PropagateTags", "AutoPublishAliasAllProperties", "PublishToLatestPublished"}) {
            f.put(s, Kind.BOOLEAN);
        }
        for (String s : new String[] {"DeadLetterQueue", "VpcConfig", "AssumeRolePolicyDocument", "Environment",
                "Events", "Tags", "DeploymentPreference", "EventInvokeConfig", "EphemeralStorage",
                "ProvisionedConcurrencyConfig", "ImageConfig", "SnapStart", "FunctionUrlConfig",
                "RuntimeManagementConfig", "LoggingConfig", "TenancyConfig", "CapacityProviderConfig",
                "FunctionScalingConfig", "DurableConfig"}) {
            f.put(s, Kind.MAP);
        }
        for (String s : new String[] {"Layers", "FileSystemConfigs", "Architectures"}) {
            f.put(s, Kind.LIST);
        }
        f.put("Policies", Kind.POLICIES);
        TYPES.put("AWS::Serverless::Function", f);

        Map<String, Kind> l = new LinkedHashMap<>();
        for (String s : new String[] {"LayerName", "Description", "LicenseInfo", "RetentionPolicy"}) {
            l.put(s, Kind.STRING);
        }
        l.put("ContentUri", Kind.STRING_OR_MAP);
        l.put("CompatibleRuntimes", Kind.LIST);
        l.put("CompatibleArchitectures", Kind.LIST);
        l.put("PublishLambdaVersion", Kind.BOOLEAN);
        TYPES.put("AWS::Serverless::LayerVersion", l);
    }

    private SamSchema() {
    }

    /** The properties of a SAM type, or null when this tool does not check that type's properties. */
    static Map<String, Kind> properties(String type) {
        return TYPES.get(type);
    }

    /** Rejects an unknown property or a value of the wrong JSON type. */
    static void validate(String id, String type, JsonNode properties) {
        Map<String, Kind> known = TYPES.get(type);
        if (known == null) {
            return;
        }
        properties.fields().forEachRemaining(e -> {
            Kind kind = known.get(e.getKey());
            if (kind == null) {
                throw TransformException.resource(id, "property " + e.getKey() + " not defined for resource of type "
                        + type + ".");
            }
            if (!kind.accepts(e.getValue())) {
                throw TransformException.resource(id, "Type of property '" + e.getKey() + "' is invalid: it must be "
                        + kind.description + ".");
            }
        });
    }
}
