package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.local.Trigger;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check} end to end: real templates, the real HookHandlerWrapper, the embedded endpoint, real cfn-guard. */
class CheckCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        root = Paths.get(System.getProperty("project.basedir", ".")).toAbsolutePath();
        // surefire already runs with a private java.io.tmpdir (target/scratch-tmp)
        System.setProperty(Main.PRIVATE_TMPDIR, "true");
    }

    record Run(int code, String out, String err) {
    }

    /** Static credentials for a check against a test endpoint given with --endpoint (cleared after each test). */
    static void useTestCredentials() {
        System.setProperty("aws.accessKeyId", "AKIDCHECKTEST");
        System.setProperty("aws.secretAccessKey", "check-test-secret");
        System.setProperty("aws.sessionToken", "check-test-session");
    }

    @AfterEach
    void clearTestCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.sessionToken");
    }

    /** An embedded Config endpoint with the repository's rule pack, as {@code serve} starts it. */
    private static ConfigEndpoint.Builder withRulePack() throws IOException {
        return ConfigEndpoint.builder().rules(RuleCatalog.load(root.resolve("rules")));
    }

    /** {@code check --endpoint} against {@code endpoint}, with placeholder credentials for the SDK to sign with. */
    private static Run checkAgainst(ConfigEndpoint endpoint, String... args) {
        useTestCredentials();
        List<String> argv = new ArrayList<>(List.of("--endpoint", endpoint.uri().toString()));
        argv.addAll(List.of(args));
        return check(argv.toArray(String[]::new));
    }

    static Run check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("check"));
        argv.addAll(List.of(args));
        int code = Main.run(argv.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String example(String name) {
        return root.resolve("examples").resolve(name).toString();
    }

    private static int lineOf(String file, String key) throws Exception {
        List<String> lines = Files.readAllLines(Paths.get(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*\"?" + key + "\"?\\s*:.*")) {
                return i + 1;
            }
        }
        throw new AssertionError(key + " not in " + file);
    }

    @Test
    void theDocumentedFailingSampleIsBlockedWithEachRuleAndItsFix() {
        Run r = check("--no-color", example("failing-function.yaml"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("BLOCKED  MyLambdaFunction"), r.out());
        assertTrue(r.out().contains("x lambda-tracing-active"), r.out());
        assertTrue(r.out().contains("x lambda-runtime-supported"), r.out());
        assertTrue(r.out().contains("fix: Set TracingConfig: {Mode: Active}"), r.out());
        assertTrue(r.out().contains("1 function: 0 compliant, 1 non-compliant"), r.out());
        assertFalse(r.out().contains("\u001b["), "no colour when not on a terminal");
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void theCompliantExamplePassesTheWholePack() {
        Run r = check(example("compliant-function.yaml"));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PASS     OrdersFunction"), r.out());
    }

    @Test
    void jsonReportOfTheMultiFunctionTemplate() throws Exception {
        Run r = check("--format", "json", example("multi-function-app.yaml"));
        assertEquals(1, r.code(), r.err());
        JsonNode report = JSON.readTree(r.out());
        assertEquals(1, report.get("exitCode").asInt());
        Map<String, JsonNode> fns = new HashMap<>();
        report.at("/templates/0/functions").forEach(f -> fns.put(f.get("logicalId").asText(), f));
        assertEquals("COMPLIANT", fns.get("ApiHandler").get("verdict").asText());
        assertEquals("COMPLIANT", fns.get("ImageResizer").get("verdict").asText());
        assertEquals("NON_COMPLIANT", fns.get("ReportGenerator").get("verdict").asText());
        assertEquals("NON_COMPLIANT", fns.get("LegacyWebhook").get("verdict").asText());
        assertEquals("NOT_EVALUATED", fns.get("AuditTrailWriter").get("verdict").asText());
        assertEquals("NON_COMPLIANT", fns.get("NotificationsFunction").get("verdict").asText());
        assertEquals("AWS::Serverless::Function", fns.get("NotificationsFunction").get("type").asText());
        assertEquals(lineOf(example("multi-function-app.yaml"), "NotificationsFunction"),
                fns.get("NotificationsFunction").get("line").asInt());
        Set<String> failed = new HashSet<>();
        fns.get("LegacyWebhook").get("annotations").forEach(a -> {
            if (a.get("status").asText().equals("FAILED")) {
                failed.add(a.get("annotationName").asText());
            }
        });
        assertTrue(failed.containsAll(Set.of("lambda-env-no-plaintext-secrets", "lambda-runtime-supported",
                "lambda-inside-vpc", "lambda-tracing-active")), failed.toString());
        assertFalse(r.out().contains("example-not-a-real-token-123"), "the plaintext secret never reaches the report");
        assertEquals(lineOf(example("multi-function-app.yaml"), "LegacyWebhook"), fns.get("LegacyWebhook").get("line").asInt());

        Run prod = check("--format", "json", "--parameter-overrides", "Stage=prod", example("multi-function-app.yaml"));
        JsonNode p = JSON.readTree(prod.out());
        p.at("/templates/0/functions").forEach(f -> {
            if (f.get("logicalId").asText().equals("AuditTrailWriter")) {
                assertEquals("COMPLIANT", f.get("verdict").asText());
            }
        });
    }

    @Test
    void everyFunctionOfATemplateIsEvaluatedAheadInFewCfnGuardProcesses() {
        // What the CLI announces must be exactly what the hook then sends, or the results are not taken.
        Run r = check("--verbose", "--format", "json", example("multi-function-app.yaml"));
        assertEquals(1, r.code(), r.err());
        Matcher m = Pattern.compile("ran (\\d+) evaluations in (\\d+) cfn-guard processes \\((\\d+) evaluated ahead\\)")
                .matcher(r.err());
        assertTrue(m.find(), r.err());
        assertEquals(5, Integer.parseInt(m.group(1)), "four functions and the SAM one");
        assertEquals(5, Integer.parseInt(m.group(3)), "all five evaluated ahead");
        assertTrue(Integer.parseInt(m.group(2)) <= 1 + 2 * Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                "the pack's syntax check and two halves per two cores: " + m.group(2));
    }

    @Test
    void sarifIsValid210WithResultsAtTheResourceLine() throws Exception {
        Path out = tmp.resolve("report.sarif");
        String file = example("failing-function.yaml");
        Run r = check("--format", "sarif", "--output", out.toString(), file);
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out());
        JsonNode sarif = JSON.readTree(out.toFile());
        assertEquals("2.1.0", sarif.get("version").asText());
        assertTrue(sarif.get("$schema").asText().contains("sarif-2.1.0"));
        JsonNode run = sarif.at("/runs/0");
        assertEquals("lambda-hook", run.at("/tool/driver/name").asText());
        JsonNode rules = run.at("/tool/driver/rules");
        Map<String, JsonNode> byId = new HashMap<>();
        rules.forEach(rule -> byId.put(rule.get("id").asText(), rule));
        RuleCatalog pack = RuleCatalog.load(root.resolve("rules"));
        for (RuleDefinition d : pack.all()) {
            JsonNode rule = byId.get(d.name());
            assertNotNull(rule, d.name());
            assertEquals(d.title(), rule.at("/shortDescription/text").asText());
            assertEquals(d.link(), rule.get("helpUri").asText());
            assertEquals(SarifReportWriter.sarifLevel(d.severity().name()), rule.at("/defaultConfiguration/level").asText());
        }
        int line = lineOf(file, "MyLambdaFunction");
        JsonNode results = run.get("results");
        assertTrue(results.size() >= 5, results.toString());
        Set<String> ruleIds = new HashSet<>();
        for (JsonNode res : results) {
            String id = res.get("ruleId").asText();
            ruleIds.add(id);
            assertEquals(id, rules.get(res.get("ruleIndex").asInt()).get("id").asText());
            assertEquals("fail", res.get("kind").asText());
            assertTrue(List.of("error", "warning", "note").contains(res.get("level").asText()));
            JsonNode loc = res.at("/locations/0/physicalLocation");
            String uri = loc.at("/artifactLocation/uri").asText();
            assertTrue(Paths.get(uri).isAbsolute() ? uri.endsWith("failing-function.yaml")
                    : root.resolve(uri).normalize().equals(Paths.get(file).normalize())
                    || Paths.get(uri).toAbsolutePath().normalize().equals(Paths.get(file).normalize()), uri);
            assertEquals(line, loc.at("/region/startLine").asInt());
            assertEquals("MyLambdaFunction", res.at("/locations/0/logicalLocations/0/name").asText());
            assertTrue(res.at("/message/text").asText().startsWith("MyLambdaFunction: "));
        }
        assertTrue(ruleIds.contains("lambda-tracing-active"));
        assertTrue(ruleIds.contains("lambda-runtime-supported"));
        assertEquals(1, run.at("/invocations/0/exitCode").asInt());
        assertTrue(run.at("/invocations/0/executionSuccessful").asBoolean());
        assertEquals(1, run.get("artifacts").size());
    }

    @Test
    void junitXmlHasOneTestcasePerFunction() throws Exception {
        Path out = tmp.resolve("report.xml");
        Run r = check("--format", "junit", "--output", out.toString(), example("multi-function-app.yaml"),
                example("compliant-function.yaml"), example("failing-function.json"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("[3/3]"), "progress for several templates: " + r.err());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.toFile());
        Element suites = doc.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        assertEquals("8", suites.getAttribute("tests"));
        assertEquals("4", suites.getAttribute("failures"));
        assertEquals("0", suites.getAttribute("errors"));
        NodeList suiteList = suites.getElementsByTagName("testsuite");
        assertEquals(3, suiteList.getLength());
        int skipped = 0;
        for (int i = 0; i < suiteList.getLength(); i++) {
            skipped += Integer.parseInt(((Element) suiteList.item(i)).getAttribute("skipped"));
        }
        assertEquals(1, skipped);
        Map<String, Element> cases = new HashMap<>();
        NodeList tc = doc.getElementsByTagName("testcase");
        for (int i = 0; i < tc.getLength(); i++) {
            Element e = (Element) tc.item(i);
            cases.put(e.getAttribute("classname").replaceAll(".*/", "") + "#" + e.getAttribute("name"), e);
        }
        Element webhook = cases.get("multi-function-app.yaml#LegacyWebhook");
        Element failure = (Element) webhook.getElementsByTagName("failure").item(0);
        assertEquals("NonCompliant", failure.getAttribute("type"));
        assertTrue(failure.getAttribute("message").contains("lambda-runtime-supported"));
        assertTrue(failure.getTextContent().contains("fix: "));
        assertEquals(String.valueOf(lineOf(example("multi-function-app.yaml"), "LegacyWebhook")), webhook.getAttribute("line"));
        assertEquals(0, cases.get("compliant-function.yaml#OrdersFunction").getChildNodes().getLength());
        Element sam = cases.get("multi-function-app.yaml#NotificationsFunction");
        assertEquals(1, sam.getElementsByTagName("failure").getLength(), "a SAM function is evaluated");
        assertEquals(String.valueOf(lineOf(example("multi-function-app.yaml"), "NotificationsFunction")), sam.getAttribute("line"));
        Element json = cases.get("failing-function.json#MyLambdaFunction");
        assertEquals(1, json.getElementsByTagName("failure").getLength());
        assertEquals(String.valueOf(lineOf(example("failing-function.json"), "MyLambdaFunction")), json.getAttribute("line"));
    }

    @Test
    void inProgressIsReinvokedWithTheCallbackContextAndOneStartPerFunction() throws Exception {
        try (ConfigEndpoint endpoint = withRulePack().evaluationDelay(Duration.ofMillis(2500)).start()) {
            Run r = checkAgainst(endpoint, "--format", "json", "--type-configuration",
                    // The first invocation (1 s) ends before the 2.5 s evaluation; the budget (4 x 1 s + 3 x 3 s)
                    // leaves room for a slow cfn-guard on a loaded machine, so the verdict stays Config's own.
                    "{\"MaxWaitPerInvocationSeconds\":1,\"CallbackDelaySeconds\":3,\"MaxReinvocations\":3,"
                            + "\"EvaluationTimeoutSeconds\":60}",
                    example("failing-function.yaml"));
            assertEquals(1, r.code(), r.out() + r.err());
            JsonNode f = JSON.readTree(r.out()).at("/templates/0/functions/0");
            assertEquals("NON_COMPLIANT", f.get("verdict").asText());
            assertTrue(f.get("invocations").asInt() >= 2, f.toString());
            assertEquals(1, endpoint.stats().startCalls("MyLambdaFunction"));
            assertEquals(1, endpoint.stats().evaluationsCreated());
        }
    }

    /**
     * check applies the hook's own budget, as CloudFormation would: an evaluation that never finishes gets exactly
     * MaxReinvocations IN_PROGRESS answers, and the third invocation blocks with the hook's own message; the JSON
     * report says how many invocations the decision took.
     */
    @Test
    void aNeverFinishingEvaluationEndsInTheHooksOwnDecisionAfterTheBudget() throws Exception {
        try (ConfigEndpoint endpoint = withRulePack().start()) {
            endpoint.faults().neverFinish(Trigger.always());
            Run r = checkAgainst(endpoint, "--format", "json", "--type-configuration",
                    "{\"MaxWaitPerInvocationSeconds\":1,\"CallbackDelaySeconds\":1,\"MaxReinvocations\":2}",
                    example("compliant-function.yaml"));
            assertEquals(1, r.code(), r.out() + r.err());
            JsonNode f = JSON.readTree(r.out()).at("/templates/0/functions/0");
            assertEquals("INDETERMINATE", f.get("verdict").asText(), f.toString());
            assertEquals(3, f.get("invocations").asInt(), "MaxReinvocations 2: the third invocation decides: " + f);
            String message = f.get("message").asText();
            assertTrue(message.contains("re-invocation budget ran out"), message);
            assertTrue(message.contains("over 3 invocations"), message);
            assertTrue(message.contains("EvaluationTimeout asked of AWS Config: 4 s"), "budget 5 s, minus 1 s: " + message);
            assertEquals(1, endpoint.stats().evaluationsCreated());
        }
    }

    @Test
    void anEvaluationThatFailsBlocksAsIndeterminate() throws Exception {
        try (ConfigEndpoint endpoint = withRulePack().start()) {
            endpoint.faults().failEvaluations(Trigger.always());
            Path out = tmp.resolve("indeterminate.xml");
            Run r = checkAgainst(endpoint, "--format", "junit", "--output", out.toString(), example("compliant-function.yaml"));
            assertEquals(1, r.code(), r.err());
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.toFile());
            assertEquals("1", doc.getDocumentElement().getAttribute("errors"));
            Element error = (Element) doc.getElementsByTagName("error").item(0);
            assertFalse(error.getAttribute("message").isBlank());
        }
    }

    @Test
    void badUsageAndUnreadableInputExitWithTwoAndOneLine() throws Exception {
        Run r = check();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("lambda-hook: "));
        r = check("--format", "xml", example("failing-function.yaml"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--format must be"), r.err());
        r = check(tmp.resolve("nope.yaml").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
        r = check("--bogus", example("failing-function.yaml"));
        assertEquals(2, r.code());
        r = check("--parameter-overrides", "Nope=1", example("failing-function.yaml"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Nope"), r.err());
        r = check("--type-configuration", "{not json", example("failing-function.yaml"));
        assertEquals(2, r.code());
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !Ref Missing\n");
        r = check(bad.toString(), example("compliant-function.yaml"));
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("bad.yaml:2: F: Ref to Missing"), r.err());
        assertTrue(r.out().contains("PASS     OrdersFunction"), "the readable template is still reported: " + r.out());
        for (Run any : List.of(r)) {
            assertFalse(any.err().contains("\tat "), "no stack trace: " + any.err());
        }
        Files.writeString(bad, "Resources: [\n");
        r = check(bad.toString());
        assertEquals(2, r.code());
        assertEquals(2, r.err().lines().count() <= 2 ? 2 : 0, r.err());
    }

    @Test
    void helpIsPrinted() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"check", "--help"}, new PrintStream(out), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        assertTrue(out.toString().contains("--parameter-overrides"));
    }
}
