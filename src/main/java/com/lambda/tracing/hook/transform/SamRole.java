package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;

/**
 * The execution role {@code <Id>Role} SAM generates for a function that names no {@code Role}: trust for Lambda,
 * the managed policies the function's settings need (logs, X-Ray, VPC, its event sources), its {@code Policies}
 * (managed policy names, statements, policy templates) and the dead-letter queue permission.
 */
final class SamRole {
    /** Event source types whose poller needs a managed policy on the function's role. */
    private static final Map<String, String> PULL_EVENT_POLICIES = Map.of(
            "Kinesis", "service-role/AWSLambdaKinesisExecutionRole",
            "DynamoDB", "service-role/AWSLambdaDynamoDBExecutionRole",
            "SQS", "service-role/AWSLambdaSQSQueueExecutionRole",
            "MSK", "service-role/AWSLambdaMSKExecutionRole");
    /**
     * AWS managed policies whose ARN has a path: CloudFormation's SAM transform looks the name up in IAM; offline the
     * path comes from here, and other names get {@code arn:<partition>:iam::aws:policy/<Name>}.
     */
    private static final Map<String, String> MANAGED_POLICY_PATHS = Map.ofEntries(
            Map.entry("AWSLambdaBasicExecutionRole", "service-role/"),
            Map.entry("AWSLambdaVPCAccessExecutionRole", "service-role/"),
            Map.entry("AWSLambdaRole", "service-role/"),
            Map.entry("AWSLambdaKinesisExecutionRole", "service-role/"),
            Map.entry("AWSLambdaDynamoDBExecutionRole", "service-role/"),
            Map.entry("AWSLambdaSQSQueueExecutionRole", "service-role/"),
            Map.entry("AWSLambdaMSKExecutionRole", "service-role/"),
            Map.entry("AWSLambdaENIManagementAccess", "service-role/"),
            Map.entry("AWSConfigRulesExecutionRole", "service-role/"),
            Map.entry("AWSLambdaBasicDurableExecutionRolePolicy", "service-role/"));
    /** Names SAM knows as AWS managed policies (`Policies: [Name]`) even without an IAM lookup. */
    private static final Set<String> WELL_KNOWN = Set.of("AmazonDynamoDBFullAccess", "AmazonDynamoDBReadOnlyAccess",
            "AWSXrayWriteOnlyAccess", "AWSXRayDaemonWriteAccess", "AmazonS3ReadOnlyAccess", "AmazonS3FullAccess",
            "AmazonSQSFullAccess", "AmazonSNSFullAccess", "CloudWatchLogsFullAccess", "AWSLambda_FullAccess",
            "AWSLambda_ReadOnlyAccess", "AmazonKinesisFullAccess", "AmazonKinesisReadOnlyAccess");

    private SamRole() {
    }

    static ObjectNode construct(String id, ObjectNode resource, ObjectNode p, ObjectNode functionProps,
                                SamTransform.Context ctx) {
        String partition = ctx.options.partition();
        String roleId = id + "Role";
        ObjectNode role = instance.objectNode();
        role.put("Type", "AWS::IAM::Role");
        for (String attribute : new String[] {"Condition", "DeletionPolicy", "UpdateReplacePolicy"}) {
            if (resource.has(attribute)) {
                role.set(attribute, resource.get(attribute).deepCopy());
            }
        }
        ObjectNode props = role.putObject("Properties");
        if (p.has("AssumeRolePolicyDocument")) {
            props.set("AssumeRolePolicyDocument", p.get("AssumeRolePolicyDocument").deepCopy());
        } else {
            ObjectNode doc = props.putObject("AssumeRolePolicyDocument");
            doc.put("Version", "2012-10-17");
            ObjectNode statement = doc.putArray("Statement").addObject();
            statement.putArray("Action").add("sts:AssumeRole");
            statement.put("Effect", "Allow");
            statement.putObject("Principal").putArray("Service").add("lambda.amazonaws.com");
        }
        List<JsonNode> managed = new ArrayList<>();
        managed.add(SamTransform.text(awsPolicyArn(partition, p.has("DurableConfig")
                ? "AWSLambdaBasicDurableExecutionRolePolicy" : "AWSLambdaBasicExecutionRole")));
        if (functionProps.has("TracingConfig")) {
            managed.add(SamTransform.text(awsPolicyArn(partition, partition.equals("aws")
                    ? "AWSXrayWriteOnlyAccess" : "AWSXRayDaemonWriteAccess")));
        }
        if (p.has("VpcConfig")) {
            managed.add(SamTransform.text(awsPolicyArn(partition, "AWSLambdaVPCAccessExecutionRole")));
        }
        ArrayNode inline = instance.arrayNode();
        JsonNode policies = p.get("Policies");
        if (policies != null && !policies.isNull()) {
            List<JsonNode> entries = new ArrayList<>();
            if (policies.isArray()) {
                policies.forEach(entries::add);
            } else {
                entries.add(policies);
            }
            for (int i = 0; i < entries.size(); i++) {
                policy(id, roleId + "Policy" + i, i, entries.get(i), partition, managed, inline, ctx);
            }
        }
        JsonNode dlq = p.get("DeadLetterQueue");
        if (dlq != null && dlq.isObject() && dlq.has("Type")) {
            String action = dlq.get("Type").asText().equals("SNS") ? "sns:Publish" : "sqs:SendMessage";
            ObjectNode policy = inline.addObject();
            policy.put("PolicyName", "DeadLetterQueuePolicy");
            ObjectNode doc = policy.putObject("PolicyDocument");
            doc.put("Version", "2012-10-17");
            ObjectNode statement = doc.putArray("Statement").addObject();
            statement.put("Action", action);
            statement.set("Resource", dlq.get("TargetArn").deepCopy());
            statement.put("Effect", "Allow");
        }
        JsonNode events = p.get("Events");
        if (events != null && events.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = events.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = PULL_EVENT_POLICIES.get(e.getValue().path("Type").asText(""));
                if (name != null) {
                    JsonNode arn = SamTransform.text("arn:" + partition + ":iam::aws:policy/" + name);
                    if (!managed.contains(arn)) {
                        managed.add(arn);
                    }
                }
            }
        }
        ArrayNode managedArns = props.putArray("ManagedPolicyArns");
        List<JsonNode> seen = new ArrayList<>();
        for (JsonNode m : managed) {
            if (!seen.contains(m)) {
                seen.add(m);
                managedArns.add(m);
            }
        }
        if (!inline.isEmpty()) {
            props.set("Policies", inline);
        }
        if (p.has("RolePath")) {
            props.set("Path", p.get("RolePath").deepCopy());
        }
        if (p.has("PermissionsBoundary")) {
            props.set("PermissionsBoundary", p.get("PermissionsBoundary").deepCopy());
        }
        props.set("Tags", functionProps.get("Tags").deepCopy());
        return role;
    }

    private static void policy(String id, String policyName, int index, JsonNode entry, String partition,
                               List<JsonNode> managed, ArrayNode inline, SamTransform.Context ctx) {
        if (entry.isTextual()) {
            managed.add(SamTransform.text(managedPolicyArn(partition, entry.asText())));
        } else if (Intrinsics.isIntrinsic(entry, "Fn::If")) {
            JsonNode args = entry.get("Fn::If");
            if (!args.isArray() || args.size() != 3) {
                throw TransformException.resource(id, "Policy at index " + index + " in the 'Policies' property is not"
                        + " valid: Fn::If requires 3 arguments.");
            }
            JsonNode branch = Intrinsics.isNoValue(args.get(1)) ? args.get(2) : args.get(1);
            if (isManaged(branch)) {
                ObjectNode copy = instance.objectNode();
                ArrayNode a = copy.putArray("Fn::If");
                a.add(args.get(0).deepCopy());
                a.add(managedBranch(partition, args.get(1)));
                a.add(managedBranch(partition, args.get(2)));
                managed.add(copy);
            } else {
                ObjectNode copy = instance.objectNode();
                ArrayNode a = copy.putArray("Fn::If");
                a.add(args.get(0).deepCopy());
                a.add(inlineBranch(id, policyName, index, args.get(1), ctx));
                a.add(inlineBranch(id, policyName, index, args.get(2), ctx));
                inline.add(copy);
            }
        } else if (Intrinsics.isIntrinsic(entry)) {
            managed.add(entry.deepCopy());
        } else if (entry.isObject() && entry.has("Statement")) {
            ObjectNode policy = inline.addObject();
            policy.put("PolicyName", policyName);
            policy.set("PolicyDocument", entry.deepCopy());
        } else if (entry.isObject() && entry.size() == 1) {
            JsonNode document = PolicyTemplates.expand(id, index, entry, ctx);
            if (document != null) {
                ObjectNode policy = inline.addObject();
                policy.put("PolicyName", policyName);
                policy.set("PolicyDocument", document);
            }
        } else {
            throw TransformException.resource(id, "Policy at index " + index + " in the 'Policies' property is not"
                    + " valid: it must be a managed policy name or ARN, a policy document with a Statement, or a"
                    + " policy template.");
        }
    }

    private static boolean isManaged(JsonNode branch) {
        return branch.isTextual() || (Intrinsics.isIntrinsic(branch) && !Intrinsics.isIntrinsic(branch, "Fn::If"));
    }

    private static JsonNode managedBranch(String partition, JsonNode branch) {
        return branch.isTextual() ? SamTransform.text(managedPolicyArn(partition, branch.asText())) : branch.deepCopy();
    }

    private static JsonNode inlineBranch(String id, String policyName, int index, JsonNode branch,
                                         SamTransform.Context ctx) {
        if (Intrinsics.isNoValue(branch)) {
            return branch.deepCopy();
        }
        ObjectNode policy = instance.objectNode();
        policy.put("PolicyName", policyName);
        if (branch.isObject() && branch.has("Statement")) {
            policy.set("PolicyDocument", branch.deepCopy());
        } else if (branch.isObject() && branch.size() == 1) {
            JsonNode document = PolicyTemplates.expand(id, index, branch, ctx);
            if (document == null) {
                return SamTransform.ref("AWS::NoValue");
            }
            policy.set("PolicyDocument", document);
        } else {
            throw TransformException.resource(id, "Policy at index " + index + " in the 'Policies' property is not"
                    + " valid.");
        }
        return policy;
    }

    static String awsPolicyArn(String partition, String name) {
        return "arn:" + partition + ":iam::aws:policy/" + MANAGED_POLICY_PATHS.getOrDefault(name, "") + name;
    }

    static String managedPolicyArn(String partition, String nameOrArn) {
        if (nameOrArn.startsWith("arn:")) {
            return nameOrArn;
        }
        if (MANAGED_POLICY_PATHS.containsKey(nameOrArn) || WELL_KNOWN.contains(nameOrArn)) {
            return awsPolicyArn(partition, nameOrArn);
        }
        return nameOrArn;
    }
}
