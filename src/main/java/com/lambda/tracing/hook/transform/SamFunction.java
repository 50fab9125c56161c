package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
import static com.lambda.tracing.hook.transform.SamTransform.getAtt;
import static com.lambda.tracing.hook.transform.SamTransform.ref;
import static com.lambda.tracing.hook.transform.SamTransform.text;

/**
 * One {@code AWS::Serverless::Function} → the {@code AWS::Lambda::Function} under the same logical id, plus the
 * execution role SAM generates when the function names none, and the version and alias of {@code AutoPublishAlias}.
 */
final class SamFunction {
    /** Properties SAM copies to the Lambda function under the same name, value untouched. */
    static final List<String> COPIED = List.of("Handler", "Runtime", "Description", "MemorySize", "Timeout",
            "VpcConfig", "Role", "Environment", "KmsKeyArn", "ReservedConcurrentExecutions", "Layers",
            "FileSystemConfigs", "ImageConfig", "PackageType", "Architectures", "SnapStart", "EphemeralStorage",
            "CodeSigningConfigArn", "RuntimeManagementConfig", "LoggingConfig", "TenancyConfig", "RecursiveLoop",
            "DurableConfig", "FunctionScalingConfig", "PublishToLatestPublished");
    /** Resource attributes the Lambda function keeps. */
    static final List<String> ATTRIBUTES = List.of("DependsOn", "DeletionPolicy", "UpdatePolicy", "Condition",
            "UpdateReplacePolicy", "Metadata");
    static final Set<String> RESERVED_TAGS = Set.of("lambda:createdBy", "serverlessrepo:applicationId",
            "serverlessrepo:semanticVersion");
    static final String SAM_TAG = "lambda:createdBy";
    /** Bucket of the stand-in S3 location for code that is still a local path (not yet packaged). */
    static final String PLACEHOLDER_BUCKET = "lambda-hook-placeholder-bucket";
    private static final Pattern ALIAS_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private SamFunction() {
    }

    static void translate(String id, ObjectNode resource, ObjectNode p, SamTransform.Context ctx,
                          Map<String, ObjectNode> out) {
        Intrinsics in = ctx.intrinsics;
        String packageType = packageType(id, p, in);
        validateDeadLetterQueue(id, p.get("DeadLetterQueue"));
        SamEvents.validate(id, p.get("Events"));

        ObjectNode props = instance.objectNode();
        for (String name : COPIED) {
            JsonNode v = p.get(name);
            if (name.equals("Description") || v == null) {
                continue;
            }
            props.set(name, v.deepCopy());
        }
        if (p.has("Description")) {
            props.set("Description", p.get("Description").deepCopy());
        }
        JsonNode functionName = p.get("FunctionName");
        if (truthy(functionName)) {
            props.set("FunctionName", functionName.deepCopy());
        }
        props.set("Code", code(id, p, packageType));
        JsonNode tracing = p.get("Tracing");
        if (tracing != null) {
            JsonNode resolved = in.resolveParameters(tracing);
            if (truthy(resolved) && !(resolved.isTextual() && resolved.asText().equals("Disabled"))) {
                ObjectNode tc = props.putObject("TracingConfig");
                tc.set("Mode", tracing.deepCopy());
            }
        }
        JsonNode dlq = p.get("DeadLetterQueue");
        if (dlq != null && dlq.isObject() && !Intrinsics.isIntrinsic(dlq)) {
            props.putObject("DeadLetterConfig").set("TargetArn", dlq.get("TargetArn").deepCopy());
        }
        ArrayNode tags = tags(id, p.get("Tags"), p.get("PropagateTags"));
        props.set("Tags", tags);
        JsonNode capacity = p.get("CapacityProviderConfig");
        if (capacity != null) {
            props.set("CapacityProviderConfig", capacityProvider(id, capacity, p));
        }

        boolean makeRole = false;
        JsonNode roleCondition = null;
        JsonNode role = p.get("Role");
        if (role == null || role.isNull()) {
            makeRole = true;
            props.set("Role", getAtt(id + "Role", "Arn"));
        } else if (Intrinsics.isIntrinsic(role, "Fn::If")) {
            JsonNode args = role.get("Fn::If");
            if (!args.isArray() || args.size() != 3 || !args.get(0).isTextual()) {
                throw TransformException.resource(id, "Fn::If requires 3 arguments: a condition name and two values.");
            }
            boolean thenNoValue = Intrinsics.isNoValue(args.get(1));
            boolean elseNoValue = Intrinsics.isNoValue(args.get(2));
            if (thenNoValue && elseNoValue) {
                makeRole = true;
                props.set("Role", getAtt(id + "Role", "Arn"));
            } else if (thenNoValue || elseNoValue) {
                makeRole = true;
                String condition = args.get(0).asText();
                ObjectNode ifNode = instance.objectNode();
                ArrayNode a = ifNode.putArray("Fn::If");
                a.add(condition);
                a.add(thenNoValue ? getAtt(id + "Role", "Arn") : args.get(1).deepCopy());
                a.add(elseNoValue ? getAtt(id + "Role", "Arn") : args.get(2).deepCopy());
                props.set("Role", ifNode);
                if (thenNoValue) {
                    roleCondition = text(condition);
                } else {
                    String negated = "NOT" + condition;
                    if (!ctx.conditionExists(negated)) {
                        ObjectNode not = instance.objectNode();
                        not.putArray("Fn::Not").add(instance.objectNode().put("Condition", condition));
                        ctx.addCondition(negated, not);
                    }
                    roleCondition = text(negated);
                }
            }
        } else if (!role.isTextual() && !Intrinsics.isIntrinsic(role)) {
            throw TransformException.resource(id, "Property 'Role' should be a string or an intrinsic function.");
        }

        SamVersions.Published published = SamVersions.validate(id, p, in);
        if (published != null && published.codeSha256() != null) {
            JsonNode description = props.get("Description");
            if (description == null || (description.isTextual() && description.asText().isEmpty())) {
                props.put("Description", published.codeSha256());
            } else if (description.isTextual()) {
                props.put("Description", description.asText() + " " + published.codeSha256());
            } else {
                ObjectNode join = instance.objectNode();
                join.putArray("Fn::Join").add(" ").add(SamTransform.array(description.deepCopy(), text(published.codeSha256())));
                props.set("Description", join);
            }
        }

        ObjectNode function = instance.objectNode();
        function.put("Type", "AWS::Lambda::Function");
        function.set("Properties", props);
        for (String attribute : ATTRIBUTES) {
            if (resource.has(attribute)) {
                function.set(attribute, resource.get(attribute).deepCopy());
            }
        }
        out.put(id, function);

        if (makeRole) {
            ObjectNode generatedRole = SamRole.construct(id, resource, p, props, ctx);
            if (roleCondition != null) {
                generatedRole.set("Condition", roleCondition);
            }
            putNew(out, id + "Role", generatedRole);
        }
        if (published != null) {
            SamVersions.construct(id, resource, p, props, published, ctx, out);
        }
    }

    static void putNew(Map<String, ObjectNode> out, String id, ObjectNode resource) {
        if (out.containsKey(id)) {
            throw TransformException.resource(id, "Resource with id [" + id + "] is generated by SAM, but the template"
                    + " already defines a resource with that logical id. Rename it.");
        }
        out.put(id, resource);
    }

    private static String packageType(String id, ObjectNode p, Intrinsics in) {
        JsonNode raw = p.get("PackageType");
        JsonNode resolved = raw == null ? null : in.resolveParameters(raw);
        String type = resolved == null ? "Zip" : resolved.asText();
        if (resolved != null && !resolved.isTextual()) {
            throw TransformException.resource(id, "PackageType must be a string (Zip or Image).");
        }
        if (type.equals("Zip")) {
            if (p.has("ImageUri")) {
                throw TransformException.resource(id, "'ImageUri' cannot be used with PackageType Zip (the default).");
            }
            if (p.has("ImageConfig")) {
                throw TransformException.resource(id, "'ImageConfig' cannot be used with PackageType Zip (the default).");
            }
            boolean inline = p.has("InlineCode");
            if (!inline && !p.has("CodeUri")) {
                throw TransformException.resource(id, "Either 'InlineCode' or 'CodeUri' must be set.");
            }
            if ((!p.has("Runtime") || !p.has("Handler")) && !p.has("CapacityProviderConfig")) {
                throw TransformException.resource(id, "Runtime and Handler need to be present when PackageType is Zip.");
            }
        } else if (type.equals("Image")) {
            for (String forbidden : new String[] {"Runtime", "Handler", "Layers"}) {
                if (p.has(forbidden)) {
                    throw TransformException.resource(id, "'" + forbidden + "' cannot be present when PackageType is Image.");
                }
            }
            if (!p.has("ImageUri")) {
                throw TransformException.resource(id, "'ImageUri' must be set when PackageType is Image.");
            }
        } else {
            throw TransformException.resource(id, "PackageType needs to be `Zip` or `Image`.");
        }
        if (p.has("InlineCode") && p.has("CodeUri")) {
            throw TransformException.resource(id, "Specify either 'InlineCode' or 'CodeUri', not both.");
        }
        return type;
    }

    private static void validateDeadLetterQueue(String id, JsonNode dlq) {
        if (dlq == null || Intrinsics.isIntrinsic(dlq)) {
            return;
        }
        if (!dlq.isObject() || !dlq.has("Type") || !dlq.has("TargetArn")) {
            throw TransformException.resource(id, "'DeadLetterQueue' requires Type and TargetArn.");
        }
        JsonNode type = dlq.get("Type");
        if (!type.isTextual() || !(type.asText().equals("SQS") || type.asText().equals("SNS"))) {
            throw TransformException.resource(id, "'DeadLetterQueue' requires Type of SQS or SNS.");
        }
    }

    private static JsonNode code(String id, ObjectNode p, String packageType) {
        ObjectNode code = instance.objectNode();
        if (packageType.equals("Image")) {
            code.set("ImageUri", p.get("ImageUri").deepCopy());
            return code;
        }
        if (p.has("InlineCode")) {
            code.set("ZipFile", p.get("InlineCode").deepCopy());
        } else {
            code = s3Location(id, "CodeUri", p.get("CodeUri"), "S3Bucket", "S3Key", "S3ObjectVersion");
        }
        if (p.has("SourceKMSKeyArn")) {
            code.set("SourceKMSKeyArn", p.get("SourceKMSKeyArn").deepCopy());
        }
        return code;
    }

    /** An S3 URI ({@code s3://bucket/key?versionId=v}) or {Bucket, Key, Version} as the keys a Lambda resource uses. */
    static ObjectNode s3Location(String id, String property, JsonNode value, String bucketKey, String keyKey,
                                 String versionKey) {
        ObjectNode o = instance.objectNode();
        if (value.isObject() && !Intrinsics.isIntrinsic(value)) {
            if (!value.has("Bucket") || !value.has("Key")) {
                throw TransformException.resource(id, "'" + property + "' requires Bucket and Key properties to be specified.");
            }
            o.set(bucketKey, value.get("Bucket").deepCopy());
            o.set(keyKey, value.get("Key").deepCopy());
            if (value.has("Version")) {
                o.set(versionKey, value.get("Version").deepCopy());
            }
            return o;
        }
        if (!value.isTextual()) {
            throw TransformException.resource(id, "'" + property + "' is not a valid S3 Uri of the form"
                    + " 's3://bucket/key' with optional versionId query parameter.");
        }
        String uri = value.asText();
        if (!uri.contains("://") && !uri.contains("{{resolve:") && !uri.isBlank()) {
            // A local path, packaged by `sam package` before deployment: stand in an S3 location, as `sam validate`
            // and cfn-lint do, so that source templates can be checked.
            o.put(bucketKey, PLACEHOLDER_BUCKET);
            o.put(keyKey, uri);
            return o;
        }
        String[] parsed = parseS3(uri);
        if (parsed == null) {
            throw TransformException.resource(id, "'" + property + "' is not a valid S3 Uri of the form"
                    + " 's3://bucket/key' with optional versionId query parameter.");
        }
        o.put(bucketKey, parsed[0]);
        o.put(keyKey, parsed[1]);
        if (parsed[2] != null) {
            o.put(versionKey, parsed[2]);
        }
        return o;
    }

    /** bucket, key, versionId (or null); null when {@code uri} is not an S3 URI with a bucket and a key. */
    static String[] parseS3(String uri) {
        if (!uri.startsWith("s3://") || uri.contains("{{resolve:")) {
            return null;
        }
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            return null;
        }
        String bucket = u.getRawAuthority();
        String path = u.getPath();
        if (bucket == null || bucket.isEmpty() || path == null) {
            return null;
        }
        String key = path.replaceFirst("^/+", "");
        if (key.isEmpty()) {
            return null;
        }
        String version = null;
        if (u.getQuery() != null) {
            for (String pair : u.getQuery().split("&")) {
                if (pair.startsWith("versionId=")) {
                    version = pair.substring("versionId=".length());
                }
            }
        }
        return new String[] {bucket, key, version};
    }

    static ArrayNode tags(String id, JsonNode userTags, JsonNode propagate) {
        ArrayNode list = instance.arrayNode();
        boolean propagateTags = propagate != null && (propagate.isBoolean() ? propagate.booleanValue()
                : propagate.isTextual() && propagate.asText().equalsIgnoreCase("true"));
        boolean hasUserTags = userTags != null && userTags.isObject() && !userTags.isEmpty();
        if (!(propagateTags && hasUserTags)) {
            list.add(instance.objectNode().put("Key", SAM_TAG).put("Value", "SAM"));
        }
        if (userTags == null || userTags.isNull()) {
            return list;
        }
        if (!userTags.isObject() || Intrinsics.isIntrinsic(userTags)) {
            throw TransformException.resource(id, "'Tags' must be a mapping of tag names to values.");
        }
        userTags.fields().forEachRemaining(e -> {
            if (RESERVED_TAGS.contains(e.getKey())) {
                throw TransformException.resource(id, e.getKey() + " is a reserved Tag key name and cannot be set on"
                        + " your resource. Please change the tag key in the input.");
            }
            ObjectNode tag = list.addObject();
            tag.put("Key", e.getKey());
            tag.set("Value", e.getValue() == null || e.getValue().isNull() ? text("") : e.getValue().deepCopy());
        });
        return list;
    }

    private static JsonNode capacityProvider(String id, JsonNode c, ObjectNode p) {
        if (p.has("ProvisionedConcurrencyConfig")) {
            throw TransformException.resource(id, "CapacityProviderConfig and ProvisionedConcurrencyConfig cannot be"
                    + " used together.");
        }
        if (!c.isObject() || Intrinsics.isIntrinsic(c)) {
            return c.deepCopy();
        }
        ObjectNode inner = instance.objectNode();
        if (c.has("Arn")) {
            inner.set("CapacityProviderArn", c.get("Arn").deepCopy());
        }
        for (String k : new String[] {"PerExecutionEnvironmentMaxConcurrency", "ExecutionEnvironmentMemoryGiBPerVCpu"}) {
            if (c.has(k)) {
                inner.set(k, c.get(k).deepCopy());
            }
        }
        ObjectNode o = instance.objectNode();
        o.set("LambdaManagedInstancesCapacityProviderConfig", inner);
        return o;
    }

    /** Python truthiness, which SAM applies to optional properties. */
    static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isTextual()) {
            return !v.asText().isEmpty();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        return !v.isEmpty();
    }

    static boolean validAliasName(String name) {
        return ALIAS_NAME.matcher(name).matches();
    }
}
