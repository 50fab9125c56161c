package com.lambda.tracing.hook.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.reliability.LeastPrivilegeTest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * Issue 12: {@code notifications.yaml}, read as CloudFormation reads it (short-form tags): its resources, the two
 * rules' patterns against the sample events (with EventBridge's matching semantics for the operators used), the
 * input transformer rendered on the sample failure event, the topic's encryption and policy, and a role that grants
 * exactly what the findings function calls (scanned from its source) plus what Lambda does for the function's
 * configuration. Mutated copies of the template show the role checks can fail.
 */
class NotificationsTemplateTest {
    static final Path ROOT = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath();
    static final Path TEMPLATE = ROOT.resolve("notifications.yaml");
    static final Path FINDINGS_SOURCES = ROOT.resolve("src/main/java/com/lambda/tracing/hook/findings");
    /** The artifact the build writes for the function: not matched by the hook jar's glob. */
    static final String ARTIFACT = "target/findings/lambda-hook-findings.jar";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLIENT_CALL = Pattern.compile("client\\.([a-z][A-Za-z]+)\\(");
    private static final Pattern SDK_CLIENT = Pattern.compile("software\\.amazon\\.awssdk\\.services\\.(\\w+)\\.(\\w+Client)\\b");
    /** What the Lambda service does with the function's role, by the function property that makes it do so. */
    static final Map<String, List<String>> SERVICE_ACTIONS = Map.of(
            "LoggingConfig", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
            "TracingConfig", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
            "DeadLetterConfig", List.of("sqs:SendMessage"),
            "VpcConfig", List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                    "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"));

    @Test
    void theTemplateHoldsTheseResources() throws IOException {
        Map<String, String> types = new LinkedHashMap<>();
        resources(template()).forEach((id, r) -> types.put(id, String.valueOf(map(r).get("Type"))));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("NotificationsKey", "AWS::KMS::Key");
        expected.put("NotificationsKeyAlias", "AWS::KMS::Alias");
        expected.put("Topic", "AWS::SNS::Topic");
        expected.put("EmailSubscription", "AWS::SNS::Subscription");
        expected.put("TopicPolicy", "AWS::SNS::TopicPolicy");
        expected.put("FailureRule", "AWS::Events::Rule");
        expected.put("PassRule", "AWS::Events::Rule");
        expected.put("FindingsLogGroup", "AWS::Logs::LogGroup");
        expected.put("FindingsDeadLetterQueue", "AWS::SQS::Queue");
        expected.put("FindingsRole", "AWS::IAM::Role");
        expected.put("FindingsFunction", "AWS::Lambda::Function");
        expected.put("FailureRuleInvokesFindings", "AWS::Lambda::Permission");
        expected.put("PassRuleInvokesFindings", "AWS::Lambda::Permission");
        assertEquals(expected, types);
    }

    @Test
    void theFailureRuleMatchesTheSampleFailureAndNotASuccess() throws IOException {
        Map<String, Object> failure = pattern("FailureRule");
        Map<String, Object> pass = pattern("PassRule");
        JsonNode failed = FindingsEndToEndTest.sample("hook-failure-event.json");
        JsonNode succeeded = FindingsEndToEndTest.sample("hook-success-event.json");
        assertTrue(matches(failure, failed), "the failure rule matches the sample failure event");
        assertFalse(matches(failure, succeeded), "the failure rule (SNS) does not match a success event");
        assertTrue(matches(pass, succeeded), "the pass rule matches the sample success event");
        assertFalse(matches(pass, failed));
        for (String status : List.of("HOOK_COMPLETE_FAILED", "HOOK_FAILED")) {
            assertTrue(matches(failure, withStatus(failed, status)), status);
            assertFalse(matches(pass, withStatus(failed, status)), status);
        }
        assertTrue(matches(pass, withStatus(succeeded, "HOOK_COMPLETE_SUCCEEDED")));
        for (String status : List.of("IN_PROGRESS", "HOOK_IN_PROGRESS", "PENDING")) {
            assertFalse(matches(failure, withStatus(failed, status)), status);
            assertFalse(matches(pass, withStatus(failed, status)), status);
        }
        ObjectNode otherHook = failed.deepCopy();
        ((ObjectNode) otherHook.path("detail").path("hook-detail")).put("hook-type-name", "AWS::Hooks::GuardHook");
        assertFalse(matches(failure, otherHook), "another hook type's failures are not this hook's");
        ObjectNode otherSource = failed.deepCopy();
        otherSource.put("source", "custom.cloudformation");
        assertFalse(matches(failure, otherSource), "a forged source does not match");
    }

    @Test
    void onlyTheFailureRuleNotifiesTheTopicAndBothInvokeTheFunction() throws IOException {
        Map<String, Object> resources = resources(template());
        List<Object> failureTargets = list(properties(resources, "FailureRule").get("Targets"));
        List<Object> passTargets = list(properties(resources, "PassRule").get("Targets"));
        assertEquals(List.of(Map.of("Ref", "Topic"), Map.of("Fn::GetAtt", List.of("FindingsFunction", "Arn"))),
                failureTargets.stream().map(t -> map(t).get("Arn")).toList());
        assertEquals(List.of(Map.of("Fn::GetAtt", List.of("FindingsFunction", "Arn"))),
                passTargets.stream().map(t -> map(t).get("Arn")).toList());
        for (String rule : List.of("FailureRule", "PassRule")) {
            long permissions = resources.values().stream().map(NotificationsTemplateTest::map)
                    .filter(r -> "AWS::Lambda::Permission".equals(r.get("Type")))
                    .map(r -> map(r.get("Properties")))
                    .filter(p -> "events.amazonaws.com".equals(p.get("Principal"))
                            && "lambda:InvokeFunction".equals(p.get("Action"))
                            && Map.of("Fn::GetAtt", List.of(rule, "Arn")).equals(p.get("SourceArn"))
                            && Map.of("Ref", "AWS::AccountId").equals(p.get("SourceAccount")))
                    .count();
            assertEquals(1, permissions, "one invoke permission limited to " + rule);
        }
    }

    @Test
    void theMessageNamesStackFunctionInvocationPointHookMessageAndConsoleLink() throws IOException {
        Map<String, Object> target = map(list(properties(resources(template()), "FailureRule").get("Targets")).get(0));
        Map<String, Object> transformer = map(target.get("InputTransformer"));
        Map<String, Object> paths = map(transformer.get("InputPathsMap"));
        String template = String.valueOf(transformer.get("InputTemplate"));
        JsonNode event = FindingsEndToEndTest.sample("hook-failure-event.json");
        Matcher variables = Pattern.compile("<([A-Za-z0-9_]+)>").matcher(template);
        Set<String> used = new TreeSet<>();
        while (variables.find()) {
            used.add(variables.group(1));
        }
        assertEquals(new TreeSet<>(paths.keySet()), used, "every path is used and every variable has a path");
        String rendered = template;
        for (Map.Entry<String, Object> p : paths.entrySet()) {
            JsonNode value = path(event, String.valueOf(p.getValue()));
            assertTrue(value.isTextual() && !value.asText().isEmpty(), p.getValue() + " is in the sample event");
            rendered = rendered.replace("<" + p.getKey() + ">", value.asText());
        }
        String stack = event.path("resources").path(0).asText();
        assertTrue(rendered.contains("Stack: " + stack), rendered);
        assertTrue(rendered.contains("Function (logical id): OrdersFunction"), rendered);
        assertTrue(rendered.contains("Invocation point: PRE_PROVISION"), rendered);
        assertTrue(rendered.contains(event.path("detail").path("status-reason").asText()), "the hook's message in full");
        assertTrue(rendered.contains("https://console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/events?stackId="
                + stack), rendered);
        for (String line : template.strip().split("\n")) {
            assertTrue(line.startsWith("\"") && line.endsWith("\""), "each template line is a quoted string: " + line);
        }
    }

    @Test
    void theTopicIsEncryptedAndOnlyTheFailureRuleMayPublish() throws IOException {
        Map<String, Object> resources = resources(template());
        assertEquals(Map.of("Fn::If", List.of("CreateKey", Map.of("Fn::GetAtt", List.of("NotificationsKey", "Arn")),
                Map.of("Ref", "KmsKeyArn"))), properties(resources, "Topic").get("KmsMasterKeyId"));
        assertFalse(Files.readString(TEMPLATE).contains("KmsMasterKeyId: alias/aws/sns"),
                "EventBridge cannot publish to a topic under the AWS managed key");
        assertEquals("true", String.valueOf(properties(resources, "NotificationsKey").get("EnableKeyRotation")));
        List<Object> keyStatements = list(map(properties(resources, "NotificationsKey").get("KeyPolicy")).get("Statement"));
        Map<String, Object> events = keyStatements.stream().map(NotificationsTemplateTest::map)
                .filter(s -> Map.of("Service", "events.amazonaws.com").equals(s.get("Principal"))).findFirst().orElseThrow();
        assertEquals(List.of("kms:GenerateDataKey*", "kms:Decrypt"), list(events.get("Action")));

        Map<String, Object> policy = properties(resources, "TopicPolicy");
        assertEquals(List.of(Map.of("Ref", "Topic")), list(policy.get("Topics")));
        List<Map<String, Object>> allows = list(map(policy.get("PolicyDocument")).get("Statement")).stream()
                .map(NotificationsTemplateTest::map).filter(s -> "Allow".equals(s.get("Effect"))).toList();
        assertEquals(1, allows.size(), "one Allow statement");
        Map<String, Object> allow = allows.get(0);
        assertEquals(Map.of("Service", "events.amazonaws.com"), allow.get("Principal"));
        assertEquals("sns:Publish", allow.get("Action"));
        assertEquals(Map.of("Ref", "Topic"), allow.get("Resource"));
        assertEquals(Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Fn::GetAtt", List.of("FailureRule", "Arn")))),
                allow.get("Condition"));

        Map<String, Object> subscription = map(resources.get("EmailSubscription"));
        assertEquals("HasEmail", subscription.get("Condition"));
        assertEquals("email", map(subscription.get("Properties")).get("Protocol"));
        assertEquals(Map.of("Ref", "NotificationEmail"), map(subscription.get("Properties")).get("Endpoint"));
    }

    @Test
    void theFunctionIsTheFindingsHandlerWithItsOwnArtifactAndLogGroup() throws Exception {
        Map<String, Object> template = template();
        Map<String, Object> resources = resources(template);
        Map<String, Object> function = properties(resources, "FindingsFunction");
        String handler = String.valueOf(function.get("Handler"));
        String className = handler.substring(0, handler.indexOf("::"));
        Class<?> type = Class.forName(className);
        assertTrue(RequestStreamHandler.class.isAssignableFrom(type), handler);
        assertEquals("handleRequest", handler.substring(handler.indexOf("::") + 2));
        assertNotNull(type.getConstructor(), "Lambda needs a public no-argument constructor");
        assertEquals("java21", function.get("Runtime"));
        assertEquals(ARTIFACT, function.get("Code"));
        assertTrue(Files.readString(ROOT.resolve("pom.xml")).contains("<findings.jar>${project.build.directory}/"
                + ARTIFACT.substring("target/".length()) + "</findings.jar>"), "the build writes the jar the template names");
        assertFalse(Path.of(ARTIFACT).getFileName().toString().matches("lambda-tracing-hook-.*\\.jar"),
                "the findings jar never matches the hook jar's glob");
        assertEquals(Map.of("Mode", "Active"), function.get("TracingConfig"));
        Map<String, Object> logging = map(function.get("LoggingConfig"));
        assertEquals(Map.of("Ref", "FindingsLogGroup"), logging.get("LogGroup"));
        assertEquals("JSON", logging.get("LogFormat"));
        Map<String, Object> logGroup = properties(resources, "FindingsLogGroup");
        assertEquals(Map.of("Ref", "LogRetentionInDays"), logGroup.get("RetentionInDays"));
        Map<String, Object> retention = map(map(template.get("Parameters")).get("LogRetentionInDays"));
        assertTrue(list(retention.get("AllowedValues")).contains(retention.get("Default")));
        assertEquals(Map.of("Fn::GetAtt", List.of("FindingsDeadLetterQueue", "Arn")),
                map(function.get("DeadLetterConfig")).get("TargetArn"));
        assertEquals(Map.of("Fn::GetAtt", List.of("FindingsRole", "Arn")), function.get("Role"));
    }

    @Test
    void theRoleGrantsExactlyWhatTheFunctionCallsAndWhatLambdaDoesForIt() throws IOException {
        Set<String> calls = actionsTheCodeCalls();
        assertEquals(new TreeSet<>(List.of("cloudformation:GetHookResult", "cloudformation:ListHookResults",
                "securityhub:BatchImportFindings", "securityhub:BatchUpdateFindings", "securityhub:GetFindings")),
                calls, "the scan finds the function's calls");
        Map<String, Object> template = template();
        List<String> problems = problems(template, needed(template, calls));
        assertTrue(problems.isEmpty(), "notifications.yaml FindingsRole: " + problems);
    }

    @Test
    void theRoleChecksFailOnARoleThatGrantsTooMuchOrTooLittle() throws IOException {
        String original = Files.readString(TEMPLATE);
        Set<String> calls = actionsTheCodeCalls();
        Map<String, String> mutants = new LinkedHashMap<>();
        mutants.put("wildcard action", original.replace("- securityhub:GetFindings", "- securityhub:*"));
        mutants.put("action the code does not call", original.replace("- cloudformation:GetHookResult",
                "- cloudformation:GetHookResult\n                  - cloudformation:DescribeStacks"));
        mutants.put("missing action", original.replace("                  - securityhub:BatchUpdateFindings\n", ""));
        mutants.put("import into any product", original.replace(
                "product/${AWS::AccountId}/default", "product/*"));
        mutants.put("managed policy", original.replace("      Policies:\n        - PolicyName: findings",
                "      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess\n"
                        + "      Policies:\n        - PolicyName: findings"));
        mutants.put("another principal", original.replace("              Service: lambda.amazonaws.com",
                "              Service:\n                - lambda.amazonaws.com\n                - ec2.amazonaws.com"));
        mutants.put("logs anywhere", original.replace("                Resource: !GetAtt FindingsLogGroup.Arn",
                "                Resource: \"*\""));
        for (Map.Entry<String, String> m : mutants.entrySet()) {
            assertFalse(m.getValue().equals(original), m.getKey() + ": the mutation must change the file");
            Map<String, Object> mutant = LeastPrivilegeTest.readCloudFormationYaml(m.getValue());
            assertFalse(problems(mutant, needed(mutant, calls)).isEmpty(), m.getKey() + " must be reported");
        }
    }

    /** Every AWS operation the findings package calls, as IAM actions: scanned from its source. */
    static Set<String> actionsTheCodeCalls() throws IOException {
        Set<String> hubMethods = methods(SecurityHubClient.class);
        Set<String> cfnMethods = methods(CloudFormationClient.class);
        Set<String> actions = new TreeSet<>();
        try (Stream<Path> files = Files.list(FINDINGS_SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                Matcher clients = SDK_CLIENT.matcher(source);
                while (clients.find()) {
                    assertTrue(Set.of("securityhub", "cloudformation").contains(clients.group(1)),
                            f + " uses another AWS client: " + clients.group(2) + " (grant its actions and update this test)");
                }
                Matcher calls = CLIENT_CALL.matcher(source);
                while (calls.find()) {
                    String op = calls.group(1);
                    String action = Character.toUpperCase(op.charAt(0)) + op.substring(1);
                    if (hubMethods.contains(op)) {
                        actions.add("securityhub:" + action);
                    } else if (cfnMethods.contains(op)) {
                        actions.add("cloudformation:" + action);
                    }
                }
            }
        }
        return actions;
    }

    /** The code's calls plus what the Lambda service does for each configured function property. */
    static Set<String> needed(Map<String, Object> template, Set<String> calls) {
        Set<String> needed = new TreeSet<>(calls);
        Map<String, Object> function = properties(resources(template), "FindingsFunction");
        SERVICE_ACTIONS.forEach((property, actions) -> {
            if (function.containsKey(property)) {
                needed.addAll(actions);
            }
        });
        return needed;
    }

    /** Everything wrong with the findings role for the given needed actions. */
    static List<String> problems(Map<String, Object> template, Set<String> needed) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> resources = resources(template);
        Set<String> granted = new TreeSet<>();
        int roles = 0;
        for (Map.Entry<String, Object> r : resources.entrySet()) {
            Map<String, Object> resource = map(r.getValue());
            String type = String.valueOf(resource.get("Type"));
            if (type.equals("AWS::IAM::Role")) {
                roles++;
                Map<String, Object> props = map(resource.get("Properties"));
                if (props.containsKey("ManagedPolicyArns")) {
                    problems.add(r.getKey() + ": managed policies grant actions nobody reviewed here");
                }
                for (Object s : list(map(props.get("AssumeRolePolicyDocument")).get("Statement"))) {
                    Map<String, Object> statement = map(s);
                    if (!Map.of("Service", "lambda.amazonaws.com").equals(statement.get("Principal"))
                            || !"sts:AssumeRole".equals(statement.get("Action"))) {
                        problems.add(r.getKey() + ": trust must be lambda.amazonaws.com sts:AssumeRole only, is " + statement);
                    }
                }
                for (Object p : list(props.get("Policies"))) {
                    for (Object s : list(map(map(p).get("PolicyDocument")).get("Statement"))) {
                        statement(r.getKey(), unconditional(s), granted, problems);
                    }
                }
            } else if (type.startsWith("AWS::IAM::")) {
                problems.add(r.getKey() + ": " + type + " widens a role outside its inline policy");
            }
        }
        LeastPrivilegeTest.compare(roles, granted, needed, problems);
        return problems;
    }

    /** A statement inside {@code !If [Condition, statement, !Ref AWS::NoValue]} counts as granted. */
    private static Object unconditional(Object statement) {
        Map<String, Object> s = map(statement);
        if (s.containsKey("Fn::If")) {
            return list(s.get("Fn::If")).get(1);
        }
        return statement;
    }

    private static void statement(String role, Object s, Set<String> granted, List<String> problems) {
        Map<String, Object> statement = map(s);
        if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
            problems.add(role + ": NotAction/NotResource grants everything else");
        }
        if (!"Allow".equals(statement.get("Effect"))) {
            return;
        }
        List<String> actions = list(statement.get("Action")).stream().map(String::valueOf).toList();
        Object resource = statement.get("Resource");
        for (String action : actions) {
            if (action.contains("*") || action.contains("?")) {
                problems.add(role + ": wildcard action " + action);
            }
            granted.add(action);
            String scope = resource instanceof Map<?, ?> m ? String.valueOf(m.values()) : String.valueOf(resource);
            if (action.equals("securityhub:BatchImportFindings")
                    && !scope.contains("product/${AWS::AccountId}/default")) {
                problems.add(role + ": " + action + " must be limited to this account's default product, is " + scope);
            }
            if ((action.equals("securityhub:GetFindings") || action.equals("securityhub:BatchUpdateFindings"))
                    && !scope.contains(":hub/default")) {
                problems.add(role + ": " + action + " must be limited to this account's hub, is " + scope);
            }
            if (action.startsWith("logs:") && !scope.contains("FindingsLogGroup")) {
                problems.add(role + ": " + action + " must be limited to the function's log group, is " + scope);
            }
            if (action.startsWith("sqs:") && !scope.contains("FindingsDeadLetterQueue")) {
                problems.add(role + ": " + action + " must be limited to the dead-letter queue, is " + scope);
            }
        }
    }

    private static Set<String> methods(Class<?> type) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(type.getMethods()).map(Method::getName)
                .filter(n -> !n.equals("close") && !n.equals("serviceName") && !n.equals("serviceClientConfiguration"))
                .forEach(names::add);
        return names;
    }

    /**
     * EventBridge matching for the parts of the pattern language the template uses: nested objects, arrays of
     * exact values, and {@code suffix}/{@code prefix} operators. A field the event lacks never matches.
     */
    static boolean matches(Map<String, Object> pattern, JsonNode event) {
        for (Map.Entry<String, Object> field : pattern.entrySet()) {
            JsonNode value = event.path(field.getKey());
            if (value.isMissingNode() || value.isNull()) {
                return false;
            }
            if (field.getValue() instanceof Map<?, ?> nested) {
                if (!value.isObject() || !matches(map(nested), value)) {
                    return false;
                }
                continue;
            }
            List<JsonNode> candidates = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(candidates::add);
            } else {
                candidates.add(value);
            }
            boolean any = false;
            for (Object allowed : list(field.getValue())) {
                for (JsonNode candidate : candidates) {
                    any |= matchesOne(allowed, candidate);
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesOne(Object allowed, JsonNode candidate) {
        if (allowed instanceof Map<?, ?> operator) {
            if (operator.size() != 1 || !candidate.isTextual()) {
                throw new IllegalArgumentException("unsupported pattern operator " + operator);
            }
            Map.Entry<?, ?> op = operator.entrySet().iterator().next();
            return switch (String.valueOf(op.getKey())) {
                case "suffix" -> candidate.asText().endsWith(String.valueOf(op.getValue()));
                case "prefix" -> candidate.asText().startsWith(String.valueOf(op.getValue()));
                default -> throw new IllegalArgumentException("unsupported pattern operator " + op.getKey());
            };
        }
        return candidate.isValueNode() && candidate.asText().equals(String.valueOf(allowed));
    }

    /** A JSONPath of the simple form EventBridge input paths use: {@code $.a.b-c[0]}. */
    static JsonNode path(JsonNode event, String path) {
        assertTrue(path.startsWith("$."), path);
        JsonNode node = event;
        for (String part : path.substring(2).split("\\.")) {
            Matcher index = Pattern.compile("(.+)\\[(\\d+)]").matcher(part);
            if (index.matches()) {
                node = node.path(index.group(1)).path(Integer.parseInt(index.group(2)));
            } else {
                node = node.path(part);
            }
        }
        return node;
    }

    private static JsonNode withStatus(JsonNode event, String status) {
        ObjectNode copy = event.deepCopy();
        ((ObjectNode) copy.path("detail")).put("status", status);
        return copy;
    }

    private Map<String, Object> pattern(String rule) throws IOException {
        return map(properties(resources(template()), rule).get("EventPattern"));
    }

    static Map<String, Object> template() throws IOException {
        return LeastPrivilegeTest.readCloudFormationYaml(Files.readString(TEMPLATE));
    }

    static Map<String, Object> resources(Map<String, Object> template) {
        return map(template.get("Resources"));
    }

    static Map<String, Object> properties(Map<String, Object> resources, String id) {
        return map(map(resources.get(id)).get("Properties"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
    }
}
