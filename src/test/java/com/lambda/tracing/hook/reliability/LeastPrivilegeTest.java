package com.lambda.tracing.hook.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import software.amazon.awssdk.services.config.ConfigClient;

/**
 * Issue 5, item 6: the execution role (hook-role.yaml as `cfn generate` renders it; the reader also takes the short-form tags) and the schema's
 * handler permissions grant exactly what the hook's code calls — the Config operations the runtime packages invoke,
 * found by scanning the source, plus cloudformation:DescribeType, which Config needs to validate the properties — with
 * no wildcard action, no NotAction, no managed policy, and a trust policy with the confused-deputy conditions.
 * ProjectFilesTest pins the list of four; this test derives it from the code and checks every statement, and shows on
 * mutated copies of the role that the checks can fail.
 */
public class LeastPrivilegeTest {
    /** Config itself calls DescribeType with the caller's credentials to validate the resource schema. */
    static final String REQUIRED_BY_CONFIG = "cloudformation:DescribeType";
    static final Set<String> SERVICE_PRINCIPALS = Set.of("hooks.cloudformation.amazonaws.com", "resources.cloudformation.amazonaws.com");
    /** Packages whose code runs in AWS; local and cli only run offline. */
    static final List<String> RUNTIME_PACKAGES = List.of("", "evaluation", "rules");
    private static final Pattern CONFIG_CALL = Pattern.compile("client(?:::|\\.)([a-z][A-Za-z]+)\\b");
    private static final Pattern SDK_CLIENT = Pattern.compile("software\\.amazon\\.awssdk\\.services\\.(\\w+)\\.(\\w+Client)\\b");

    @Test
    void theRoleAndTheSchemaGrantExactlyWhatTheCodeCalls() throws IOException {
        Set<String> needed = actionsTheCodeNeeds();
        assertEquals(new TreeSet<>(List.of("config:GetComplianceDetailsByResource", "config:GetResourceEvaluationSummary",
                "config:StartResourceEvaluation", REQUIRED_BY_CONFIG)), needed, "the scan finds the hook's calls");

        Map<String, Object> role = readCloudFormationYaml(Files.readString(HookDriver.ROOT.resolve("hook-role.yaml")));
        List<String> problems = problems(role, needed);
        assertTrue(problems.isEmpty(), "hook-role.yaml: " + problems);

        JsonNode schema = HookDriver.JSON.readTree(HookDriver.ROOT.resolve("lambda-tracing-hook.json").toFile());
        JsonNode handlers = schema.path("handlers");
        assertTrue(handlers.size() > 0);
        handlers.fields().forEachRemaining(h -> {
            Set<String> permissions = new TreeSet<>();
            h.getValue().path("permissions").forEach(p -> permissions.add(p.asText()));
            assertEquals(needed, permissions, "handler " + h.getKey() + " permissions");
            permissions.forEach(p -> assertFalse(p.contains("*"), "wildcard permission " + p));
        });
    }

    @Test
    void theChecksFailOnARoleThatGrantsTooMuch() throws IOException {
        String original = Files.readString(HookDriver.ROOT.resolve("hook-role.yaml"));
        Set<String> needed = actionsTheCodeNeeds();
        Map<String, String> mutants = new LinkedHashMap<>();
        mutants.put("wildcard action", original.replace("- \"config:StartResourceEvaluation\"", "- \"config:*\""));
        mutants.put("action the code does not call", original.replace("- \"cloudformation:DescribeType\"",
                "- \"cloudformation:DescribeType\"\n                - \"config:DescribeConfigRules\""));
        mutants.put("missing action", original.replace("                - \"config:GetComplianceDetailsByResource\"\n", ""));
        mutants.put("prefix wildcard", original.replace("- \"config:GetResourceEvaluationSummary\"", "- \"config:Get*\""));
        mutants.put("no SourceAccount condition", original.replaceAll("aws:SourceAccount:\n +Ref: AWS::AccountId", "aws:Other: x"));
        mutants.put("no SourceArn condition", original.replaceAll("aws:SourceArn:\n +Fn::Sub: [^\\n]+", "aws:Other: x"));
        mutants.put("SourceArn for any hook type", original.replace("type/hook/Lambda-Tracing-Hook/*", "type/hook/*"));
        mutants.put("extra principal", original.replace("- resources.cloudformation.amazonaws.com",
                "- resources.cloudformation.amazonaws.com\n                - lambda.amazonaws.com"));
        mutants.put("managed policy", original.replace("      Path: \"/\"",
                "      Path: \"/\"\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"));
        mutants.put("NotAction", original.replace("              - Effect: Allow\n                Action:",
                "              - Effect: Allow\n                NotAction: iam:*\n                Resource: \"*\"\n              - Effect: Allow\n                Action:"));
        for (Map.Entry<String, String> m : mutants.entrySet()) {
            assertFalse(m.getValue().equals(original), m.getKey() + ": the mutation must change the file");
            List<String> problems = problems(readCloudFormationYaml(m.getValue()), needed);
            assertFalse(problems.isEmpty(), m.getKey() + " must be reported");
        }
    }

    /** The IAM actions the runtime code needs: every Config operation it invokes, and DescribeType for Config. */
    static Set<String> actionsTheCodeNeeds() throws IOException {
        Set<String> operations = new TreeSet<>();
        Path base = HookDriver.ROOT.resolve("src/main/java/com/lambda/tracing/hook");
        for (String pkg : RUNTIME_PACKAGES) {
            try (Stream<Path> files = Files.list(pkg.isEmpty() ? base : base.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(f);
                    Matcher clients = SDK_CLIENT.matcher(source);
                    while (clients.find()) {
                        assertEquals("config", clients.group(1), f + " uses another AWS service's client: " + clients.group(2)
                                + " (add its actions to the role and the schema, and to this test)");
                    }
                    Matcher calls = CONFIG_CALL.matcher(source);
                    while (calls.find()) {
                        operations.add(calls.group(1));
                    }
                }
            }
        }
        Set<String> configMethods = new TreeSet<>();
        Arrays.stream(ConfigClient.class.getMethods()).map(Method::getName).forEach(configMethods::add);
        Set<String> actions = new TreeSet<>();
        for (String op : operations) {
            if (configMethods.contains(op) && !op.equals("close") && !op.equals("serviceName")) {
                actions.add("config:" + Character.toUpperCase(op.charAt(0)) + op.substring(1));
            }
        }
        actions.add(REQUIRED_BY_CONFIG);
        return actions;
    }

    /** Everything wrong with the role template, for the given set of needed actions. */
    @SuppressWarnings("unchecked")
    static List<String> problems(Map<String, Object> template, Set<String> needed) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        Set<String> granted = new TreeSet<>();
        int roles = 0;
        for (Map.Entry<String, Object> r : resources.entrySet()) {
            Map<String, Object> resource = (Map<String, Object>) r.getValue();
            String type = String.valueOf(resource.get("Type"));
            Map<String, Object> props = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
            if (type.equals("AWS::IAM::Role")) {
                roles++;
                if (props.containsKey("ManagedPolicyArns")) {
                    problems.add(r.getKey() + ": managed policies grant actions nobody reviewed here");
                }
                if (props.containsKey("PermissionsBoundary") && props.get("PermissionsBoundary") == null) {
                    problems.add(r.getKey() + ": empty permissions boundary");
                }
                trust(r.getKey(), (Map<String, Object>) props.get("AssumeRolePolicyDocument"), problems);
                for (Object p : (List<Object>) props.getOrDefault("Policies", List.of())) {
                    statements(r.getKey(), (Map<String, Object>) ((Map<String, Object>) p).get("PolicyDocument"), granted, problems);
                }
            } else if (type.startsWith("AWS::IAM::")) {
                problems.add(r.getKey() + ": " + type + " widens the role outside its inline policy");
            }
        }
        compare(roles, granted, needed, problems);
        return problems;
    }

    /**
     * The checks every role template shares: exactly one role, and its actions are exactly the needed ones (also
     * used for the findings function's role in notifications.yaml).
     */
    public static void compare(int roles, Set<String> granted, Set<String> needed, List<String> problems) {
        if (roles != 1) {
            problems.add("expected exactly one AWS::IAM::Role, found " + roles);
        }
        Set<String> extra = new TreeSet<>(granted);
        extra.removeAll(needed);
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(granted);
        if (!extra.isEmpty()) {
            problems.add("actions the code does not call: " + extra);
        }
        if (!missing.isEmpty()) {
            problems.add("actions the code calls but the role lacks: " + missing);
        }
    }

    @SuppressWarnings("unchecked")
    private static void statements(String role, Map<String, Object> document, Set<String> granted, List<String> problems) {
        for (Object s : asList(document.get("Statement"))) {
            Map<String, Object> statement = (Map<String, Object>) s;
            if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                problems.add(role + ": NotAction/NotResource grants everything else");
            }
            if (!"Allow".equals(statement.get("Effect"))) {
                continue;
            }
            for (Object a : asList(statement.get("Action"))) {
                String action = String.valueOf(a);
                if (action.contains("*") || action.contains("?")) {
                    problems.add(role + ": wildcard action " + action);
                }
                granted.add(action);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void trust(String role, Map<String, Object> document, List<String> problems) {
        if (document == null) {
            problems.add(role + ": no trust policy");
            return;
        }
        for (Object s : asList(document.get("Statement"))) {
            Map<String, Object> statement = (Map<String, Object>) s;
            if (!"Allow".equals(statement.get("Effect"))) {
                continue;
            }
            Object principal = statement.get("Principal");
            if (!(principal instanceof Map<?, ?> p) || p.keySet().size() != 1 || !p.containsKey("Service")) {
                problems.add(role + ": trust principal must be CloudFormation's service principals only, is " + principal);
            } else {
                for (Object service : asList(p.get("Service"))) {
                    if (!SERVICE_PRINCIPALS.contains(String.valueOf(service))) {
                        problems.add(role + ": unexpected service principal " + service);
                    }
                }
            }
            Map<String, Object> condition = (Map<String, Object>) statement.getOrDefault("Condition", Map.of());
            Object account = conditionValue(condition, "aws:SourceAccount", "StringEquals");
            if (!(account instanceof Map<?, ?> ref && "AWS::AccountId".equals(ref.get("Ref")))
                    && !(account instanceof String s2 && s2.matches("\\d{12}"))) {
                problems.add(role + ": trust without aws:SourceAccount = this account (StringEquals), got " + account);
            }
            Object arn = conditionValue(condition, "aws:SourceArn", "StringLike", "ArnLike", "StringEquals", "ArnEquals");
            String arnText = arn instanceof Map<?, ?> sub ? String.valueOf(sub.get("Fn::Sub")) : String.valueOf(arn);
            if (arn == null || !arnText.contains(":type/hook/Lambda-Tracing-Hook/") || !arnText.contains("${AWS::AccountId}")) {
                problems.add(role + ": trust without aws:SourceArn limited to this account's Lambda::Tracing::Hook, got " + arn);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object conditionValue(Map<String, Object> condition, String key, String... operators) {
        for (String op : operators) {
            Object block = condition.get(op);
            if (block instanceof Map<?, ?> m && m.containsKey(key)) {
                return ((Map<String, Object>) m).get(key);
            }
        }
        return null;
    }

    private static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
    }

    /**
     * A CloudFormation YAML template as plain values; short-form tags become their long form
     * ({@code !Ref X} → {Ref: X}, {@code !Sub s} → {Fn::Sub: s}, {@code !GetAtt A.B} → {Fn::GetAtt: [A, B]}).
     */
    public static Map<String, Object> readCloudFormationYaml(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node root = new Yaml(options).compose(new StringReader(text));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value(root);
        return map;
    }

    private static Object value(Node node) {
        String tag = node.getTag().getValue();
        Object plain;
        if (node instanceof ScalarNode s) {
            plain = s.getValue();
        } else if (node instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>();
            seq.getValue().forEach(n -> list.add(value(n)));
            plain = list;
        } else {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                map.put(String.valueOf(value(t.getKeyNode())), value(t.getValueNode()));
            }
            plain = map;
        }
        if (!tag.startsWith("!") || tag.startsWith("!!")) {
            return plain;
        }
        String name = tag.substring(1);
        if (name.equals("Ref") || name.equals("Condition")) {
            return Map.of(name, plain);
        }
        if (name.equals("GetAtt") && plain instanceof String s) {
            return Map.of("Fn::GetAtt", List.of(s.substring(0, s.indexOf('.')), s.substring(s.indexOf('.') + 1)));
        }
        return Map.of("Fn::" + name, plain);
    }
}
