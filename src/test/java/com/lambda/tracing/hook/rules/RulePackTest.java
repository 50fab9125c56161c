package com.lambda.tracing.hook.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The rule pack itself: headers, Guard 2 syntax, size limits, and every rule's tests on the real cfn-guard. */
class RulePackTest {
    static final Path ROOT = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().normalize();
    static final Path RULES = ROOT.resolve("rules");
    static final Path TESTS = RULES.resolve("tests");
    static final int POLICY_TEXT_LIMIT = 10_000;

    /** Guard 3 functions that the guard-2.x.x runtime of AWS Config does not have. */
    static final Pattern GUARD3_FUNCTION = Pattern.compile(
            "\\b(json_parse|regex_replace|count|join|substring|to_upper|to_lower|url_decode|now|parse_int|parse_float"
                    + "|parse_string|parse_boolean|parse_char|parse_epoch|is_empty|len)\\s*\\(");
    /** {@code let x = f(...)}: a function call bound to a variable (Guard 3 only). */
    static final Pattern LET_FUNCTION = Pattern.compile("\\blet\\s+\\w+\\s*=\\s*[a-z_][a-z0-9_]*\\s*\\(");
    /** {@code rule name(args)}: a parameterized rule (Guard 3 only). */
    static final Pattern PARAMETERIZED_RULE = Pattern.compile("(?m)^\\s*rule\\s+\\w+\\s*\\(");
    static final Pattern MESSAGE = Pattern.compile("<<(.*?)>>", Pattern.DOTALL);

    static List<Path> ruleFiles() throws IOException {
        try (Stream<Path> s = Files.list(RULES)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".guard")).sorted().toList();
        }
    }

    static String ruleName(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - ".guard".length());
    }

    static Path cfnGuard() {
        String path = System.getProperty("cfnguard.path");
        assertTrue(path != null && Files.isExecutable(Path.of(path)),
                "cfn-guard not found at system property cfnguard.path=" + path + " (run mvn generate-test-resources)");
        return Path.of(path);
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String output) {
    }

    @Test
    void packHasTheElevenRequiredRules() throws IOException {
        Set<String> names = new HashSet<>();
        for (Path f : ruleFiles()) {
            names.add(ruleName(f));
        }
        for (String required : List.of("lambda-tracing-active", "lambda-runtime-supported", "lambda-inside-vpc",
                "lambda-dlq-configured", "lambda-concurrency-bounded", "lambda-env-encrypted-cmk",
                "lambda-env-no-plaintext-secrets", "lambda-code-signing", "lambda-layers-allowlisted",
                "lambda-logging-json", "lambda-settings")) {
            assertTrue(names.contains(required), "missing rule " + required);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRuleIsWellFormed() throws IOException {
        return ruleFiles().stream().map(file -> DynamicTest.dynamicTest(ruleName(file), () -> {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String name = ruleName(file);
            RuleDefinition rule = RuleCatalog.parse(file.getFileName().toString(), text);
            assertEquals(name, rule.name(), "header '# rule:' must equal the file name");
            assertTrue(rule.link().startsWith("https://docs.aws.amazon.com/"), "link must be AWS documentation");
            assertTrue(rule.title().length() <= 120, "title too long");
            assertTrue(text.length() < POLICY_TEXT_LIMIT,
                    name + " has " + text.length() + " characters; Config allows " + POLICY_TEXT_LIMIT);
            assertFalse(GUARD3_FUNCTION.matcher(text).find(), name + " uses a Guard 3-only function");
            assertFalse(LET_FUNCTION.matcher(text).find(), name + " binds a function call with let (Guard 3 only)");
            assertFalse(PARAMETERIZED_RULE.matcher(text).find(), name + " declares a parameterized rule (Guard 3 only)");
            String guardName = name.replace('-', '_');
            assertTrue(text.contains("rule " + guardName + " when resourceType == \"AWS::Lambda::Function\""),
                    name + " must declare 'rule " + guardName + " when resourceType == \"AWS::Lambda::Function\"'");
            for (RuleParameter p : rule.parameters()) {
                assertTrue(text.contains("CONFIG_RULE_PARAMETERS." + p.name()),
                        name + " declares parameter " + p.name() + " but never reads it");
                if (!p.allowedValues().isEmpty()) {
                    String list = "IN [" + String.join(", ", p.allowedValues().stream().map(v -> "\"" + v + "\"").toList()) + "]";
                    assertTrue(text.contains(list), name + ": the rule must check " + p.name() + " " + list);
                    for (String v : p.allowedValues()) {
                        assertTrue(Pattern.compile("when %\\w+ == \"" + Pattern.quote(v) + "\"").matcher(text).find(),
                                name + ": no branch for " + p.name() + " = " + v);
                    }
                }
            }
            Matcher m = MESSAGE.matcher(text);
            int messages = 0;
            while (m.find()) {
                messages++;
                String first = m.group(1).strip().split("\\R", 2)[0].strip();
                assertTrue(!first.isEmpty() && first.length() <= 200, name + ": message first line must be 1-200 chars: " + first);
                assertTrue(first.endsWith("."), name + ": message first line must be a sentence: " + first);
                assertTrue(first.contains(":") || first.contains("set ") || first.contains("use "),
                        name + ": message must say how to fix: " + first);
            }
            assertTrue(messages > 0, name + " has no custom messages");
            Result parse = run(List.of(cfnGuard().toString(), "parse-tree", "-r", file.toString()));
            assertEquals(0, parse.exit(), name + ": cfn-guard parse-tree rejects the rule:\n" + parse.output());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyRuleHasPassingGuardTests() throws IOException {
        ObjectMapper yaml = new YAMLMapper();
        ObjectMapper json = new ObjectMapper();
        return ruleFiles().stream().map(file -> DynamicTest.dynamicTest(ruleName(file), () -> {
            String name = ruleName(file);
            Path tests = TESTS.resolve(name + "_tests.yaml");
            assertTrue(Files.exists(tests), name + " has no test file " + ROOT.relativize(tests));
            JsonNode cases = yaml.readTree(tests.toFile());
            assertTrue(cases.isArray() && cases.size() > 0, "no test cases in " + tests);
            Set<String> outcomes = new HashSet<>();
            String guardName = name.replace('-', '_');
            for (JsonNode c : cases) {
                assertTrue(c.hasNonNull("name"), tests + ": every case needs a name");
                JsonNode expected = c.path("expectations").path("rules").path(guardName);
                assertTrue(expected.isTextual(), tests + ": case '" + c.path("name").asText() + "' has no expectation for " + guardName);
                outcomes.add(expected.asText());
                if (c.has("cfnProperties")) {
                    checkFixture(name, tests, c, json.readTree(c.get("cfnProperties").asText()));
                }
            }
            assertEquals(Set.of("PASS", "FAIL", "SKIP"), outcomes, name + " needs PASS, FAIL and SKIP cases");
            Result result = run(List.of(cfnGuard().toString(), "test", "-r", file.toString(), "-t", tests.toString()));
            if (result.exit() != 0 || result.output().contains("FAIL Rules")) {
                fail("cfn-guard test failed for " + name + " (exit " + result.exit() + "):\n" + result.output());
            }
        }));
    }

    /**
     * A cfnProperties fixture must translate (the table of doc/configuration-item-mapping.md) into exactly the case's configuration item, and its case
     * must use the rule's default parameters: that is what a real account with the deployed pack evaluates.
     */
    static void checkFixture(String rule, Path tests, JsonNode c, JsonNode props) {
        String where = tests.getFileName() + ", case '" + c.path("name").asText() + "'";
        assertTrue(props.isObject(), where + ": cfnProperties must be a JSON object");
        assertEquals("AWS::Lambda::Function", c.path("input").path("resourceType").asText(),
                where + ": only AWS::Lambda::Function cases can have cfnProperties");
        JsonNode item = CfnFixtureTranslator.toConfigurationItem(props);
        com.fasterxml.jackson.databind.node.ObjectNode expectedConfiguration =
                c.path("input").path("configuration").isObject()
                        ? ((com.fasterxml.jackson.databind.node.ObjectNode) c.path("input").path("configuration")).deepCopy()
                        : new ObjectMapper().createObjectNode();
        if (!props.has("FunctionName")) {
            expectedConfiguration.remove("functionName");
        }
        assertEquals(expectedConfiguration, item.path("configuration"), where + ": cfnProperties do not match input.configuration");
        assertEquals(c.path("input").path("supplementaryConfiguration"), item.path("supplementaryConfiguration"),
                where + ": cfnProperties do not match input.supplementaryConfiguration");
        assertEquals(c.path("input").path("tags"), item.path("tags"), where + ": cfnProperties do not match input.tags");
        RuleDefinition definition = RuleCatalog.load(RULES).find(rule).orElseThrow();
        JsonNode params = c.path("input").path("CONFIG_RULE_PARAMETERS");
        for (Map.Entry<String, String> p : definition.defaultParameters().entrySet()) {
            assertEquals(p.getValue(), params.path(p.getKey()).asText(null),
                    where + ": a case with cfnProperties must use the default of parameter " + p.getKey());
        }
    }

    /**
     * Every FAIL case must produce at least one custom message (it becomes the Config annotation the developer reads),
     * and the first line of each message that fires must be a short sentence.
     */
    @TestFactory
    Stream<DynamicTest> everyFailureExplainsItself() throws IOException {
        ObjectMapper yaml = new YAMLMapper();
        ObjectMapper json = new ObjectMapper();
        Path scratch = Files.createTempDirectory("rule-messages");
        return ruleFiles().stream().map(file -> DynamicTest.dynamicTest(ruleName(file), () -> {
            String name = ruleName(file);
            String guardName = name.replace('-', '_');
            int i = 0;
            for (JsonNode c : yaml.readTree(TESTS.resolve(name + "_tests.yaml").toFile())) {
                if (!"FAIL".equals(c.path("expectations").path("rules").path(guardName).asText())) {
                    continue;
                }
                Path data = scratch.resolve(name + "-" + (i++) + ".json");
                json.writeValue(data.toFile(), c.path("input"));
                Result r = run(List.of(cfnGuard().toString(), "validate", "-r", file.toString(), "-d", data.toString(),
                        "-o", "json", "--show-summary", "none"));
                JsonNode report = json.readTree(r.output().substring(r.output().indexOf('{')));
                List<String> messages = new ArrayList<>();
                report.path("not_compliant").forEach(n -> n.findValues("custom_message").forEach(m -> {
                    if (m.isTextual() && !m.asText().isBlank()) {
                        messages.add(m.asText().strip().split("\\R", 2)[0].strip());
                    }
                }));
                assertFalse(messages.isEmpty(), name + ": FAIL case '" + c.path("name").asText()
                        + "' produces no custom message:\n" + r.output());
                for (String m : messages) {
                    assertTrue(m.length() <= 200 && m.endsWith("."), name + ": first line too long or not a sentence: " + m);
                }
            }
        }));
    }

    @Test
    void guard3DetectorsCatchGuard3Syntax() {
        assertTrue(GUARD3_FUNCTION.matcher("let n = count(Resources.*)").find());
        assertTrue(GUARD3_FUNCTION.matcher("%x == json_parse(y)").find());
        assertTrue(LET_FUNCTION.matcher("let p = parse_int(CONFIG_RULE_PARAMETERS.max)").find());
        assertTrue(PARAMETERIZED_RULE.matcher("rule check_tags(tags) {").find());
        assertFalse(GUARD3_FUNCTION.matcher("configuration.accountCount exists # count them").find());
    }

    @Test
    void theJarCarriesTheSamePack() {
        List<String> bundled = RuleCatalog.bundled().all().stream().map(RuleDefinition::name).toList();
        List<String> onDisk = RuleCatalog.load(RULES).all().stream().map(RuleDefinition::name).toList();
        assertEquals(onDisk, bundled, "target/classes/rule-pack differs from rules/ (run mvn process-resources)");
    }

    @Test
    void everyTestFileBelongsToARule() throws IOException {
        List<String> orphans = new ArrayList<>();
        try (Stream<Path> s = Files.list(TESTS)) {
            for (Path t : s.toList()) {
                String n = t.getFileName().toString();
                if (!n.endsWith("_tests.yaml") || !Files.exists(RULES.resolve(n.replace("_tests.yaml", ".guard")))) {
                    orphans.add(n);
                }
            }
        }
        assertEquals(List.of(), orphans, "files in rules/tests that match no rule");
    }

    @Test
    void layerAllowListInTheRuleMatchesItsParameterDefault() throws IOException {
        String text = Files.readString(RULES.resolve("lambda-layers-allowlisted.guard"));
        RuleDefinition rule = RuleCatalog.parse("lambda-layers-allowlisted.guard", text);
        String accounts = rule.defaultParameters().get("allowedLayerAccounts");
        assertTrue(accounts.matches("[0-9]{12}(,[0-9]{12})*"), "allowedLayerAccounts must be 12-digit IDs, comma-separated");
        assertTrue(text.contains("CONFIG_RULE_PARAMETERS.allowedLayerAccounts == \"" + accounts + "\""),
                "the parameter check must compare with the default " + accounts);
        assertTrue(text.contains(":(" + accounts.replace(",", "|") + "):layer:"),
                "the ARN pattern must allow exactly the default accounts " + accounts);
    }

    @Test
    void everyDefaultDeprecatedRuntimeIsKnownToTheRule() throws IOException {
        String text = Files.readString(RULES.resolve("lambda-runtime-supported.guard"));
        RuleDefinition rule = RuleCatalog.parse("lambda-runtime-supported.guard", text);
        for (String runtime : rule.defaultParameters().get("deprecatedRuntimes").split(",")) {
            assertTrue(text.contains("when configuration.runtime == \"" + runtime.strip() + "\""),
                    "default deprecated runtime " + runtime + " has no line in the rule, so listing it has no effect");
        }
    }
}
