package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * SAM policy templates ({@code Policies: [{DynamoDBCrudPolicy: {TableName: !Ref T}}]}): a named, parameterised
 * policy document. The documents this tool expands are in {@code sam-policy-templates.json} beside this class; each
 * {@code {"Ref": Parameter}} in a definition is replaced with the value the template gives for that parameter.
 */
final class PolicyTemplates {
    private static final ObjectNode DEFINITIONS = load();
    /** Every policy template SAM offers; the ones without a definition here are named but not expanded offline. */
    static final Set<String> NAMES = names();

    private PolicyTemplates() {
    }

    private static ObjectNode load() {
        try (InputStream in = PolicyTemplates.class.getResourceAsStream("sam-policy-templates.json")) {
            if (in == null) {
                throw new IllegalStateException("sam-policy-templates.json is missing from the tool jar");
            }
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> names() {
        Set<String> names = new TreeSet<>();
        DEFINITIONS.fieldNames().forEachRemaining(names::add);
        names.addAll(Set.of("AWSSecretsManagerRotationPolicy", "AcmGetCertificatePolicy", "AthenaQueryPolicy",
                "CloudWatchDashboardPolicy", "CodeCommitCrudPolicy", "CodeCommitReadPolicy",
                "CodePipelineLambdaExecutionPolicy", "CodePipelineReadOnlyPolicy", "ComprehendBasicAccessPolicy",
                "CostExplorerReadOnlyPolicy", "DynamoDBBackupFullAccessPolicy", "DynamoDBReconfigurePolicy",
                "DynamoDBRestoreFromBackupPolicy", "EC2CopyImagePolicy", "EcsRunTaskPolicy", "EFSWriteAccessPolicy",
                "EKSDescribePolicy", "ElasticMapReduceAddJobFlowStepsPolicy", "ElasticMapReduceCancelStepsPolicy",
                "ElasticMapReduceModifyInstanceFleetPolicy", "ElasticMapReduceModifyInstanceGroupsPolicy",
                "ElasticMapReduceSetTerminationProtectionPolicy", "ElasticMapReduceTerminateJobFlowsPolicy",
                "ElasticsearchHttpPostPolicy", "FirehoseCrudPolicy", "FirehoseWritePolicy",
                "MobileAnalyticsWriteOnlyAccessPolicy", "OrganizationsListAccountsPolicy",
                "PinpointEndpointAccessPolicy", "PollyFullAccessPolicy", "RekognitionDetectOnlyPolicy",
                "RekognitionFacesManagementPolicy", "RekognitionFacesPolicy", "RekognitionLabelsPolicy",
                "RekognitionNoDataAccessPolicy", "RekognitionReadPolicy", "RekognitionWriteOnlyAccessPolicy",
                "Route53ChangeResourceRecordSetsPolicy", "S3FullAccessPolicy", "SageMakerCreateEndpointConfigPolicy",
                "SageMakerCreateEndpointPolicy", "ServerlessRepoReadWriteAccessPolicy", "SESBulkTemplatedCrudPolicy",
                "SESBulkTemplatedCrudPolicy_v2", "SESEmailTemplateCrudPolicy", "SNSCrudPolicy",
                "SSMParameterWithSlashPrefixReadPolicy", "StepFunctionsCallbackPolicy", "TextractDetectAnalyzePolicy",
                "TextractGetResultPolicy", "TextractPolicy", "DynamoDBStreamReadPolicy", "AWSAppSyncMutationPolicy",
                "DynamoDBPartiQLCrudPolicy", "DynamoDBPartiQLReadPolicy", "LambdaFunctionUrlInvokePolicy",
                "KMSEncryptPolicy_v2", "StepFunctionsExecutionPolicy_v2", "SecretsManagerGetSecretValuePolicy"));
        return names;
    }

    /**
     * The policy document of the single-key mapping {@code entry} ({@code {TemplateName: {Parameter: value}}}), or
     * null when the template is one SAM offers but this tool has no definition for.
     */
    static JsonNode expand(String id, int index, JsonNode entry, SamTransform.Context ctx) {
        String name = entry.fieldNames().next();
        JsonNode args = entry.get(name);
        if (!NAMES.contains(name)) {
            throw TransformException.resource(id, "Policy at index " + index + " in the 'Policies' property is not"
                    + " valid: '" + name + "' is not a known SAM policy template (nor a policy document with a"
                    + " Statement).");
        }
        if (args == null || !(args.isObject() || args.isNull()) || Intrinsics.isIntrinsic(args)) {
            throw TransformException.resource(id, "Policy template '" + name + "' at index " + index + " must be"
                    + " given a mapping of its parameters ({} when it has none).");
        }
        JsonNode definition = DEFINITIONS.get(name);
        if (definition == null) {
            ctx.notes.add("Function " + id + ": policy template " + name + " is not expanded offline; its role lacks"
                    + " the statements of that template.");
            return null;
        }
        ObjectNode values = args.isNull() ? Intrinsics.NODES.objectNode() : (ObjectNode) args;
        for (JsonNode parameter : definition.get("Parameters")) {
            if (!values.has(parameter.asText())) {
                throw TransformException.resource(id, "Policy template '" + name + "' at index " + index
                        + " is missing its parameter '" + parameter.asText() + "'.");
            }
        }
        return substitute(definition.get("Definition"), values);
    }

    private static JsonNode substitute(JsonNode node, ObjectNode values) {
        if (Intrinsics.isIntrinsic(node, "Ref") && values.has(node.get("Ref").asText())) {
            return values.get(node.get("Ref").asText()).deepCopy();
        }
        if (node.isObject()) {
            ObjectNode o = Intrinsics.NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                o.set(e.getKey(), substitute(e.getValue(), values));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = Intrinsics.NODES.arrayNode();
            node.forEach(n -> a.add(substitute(n, values)));
            return a;
        }
        return node;
    }
}
