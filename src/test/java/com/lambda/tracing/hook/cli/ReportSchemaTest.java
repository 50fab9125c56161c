package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SARIF and JUnit reports of a real {@code check} (the real hook, endpoint and cfn-guard) over templates with
 * every kind of outcome (non-compliant, compliant, exempted, not deployed, SAM, indeterminate, unreadable) and hostile
 * text in file names, exemption reasons and messages, validated against the SARIF 2.1.0 schema and the JUnit XML
 * schema in {@code src/test/resources/schemas} (their sources are in the README there).
 */
class ReportSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "<&>\"' ]]> %20 #frag \u00fc \u2028";
    private static Schema sarifSchema;
    private static javax.xml.validation.Schema junitSchema;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() throws Exception {
        CheckCommandTest.setUp();
        try (InputStream in = ReportSchemaTest.class.getResourceAsStream("/schemas/sarif-schema-2.1.0.json")) {
            sarifSchema = SchemaLoader.load(new JSONObject(new JSONTokener(in)));
        }
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        junitSchema = factory.newSchema(ReportSchemaTest.class.getResource("/schemas/junit-10.xsd"));
    }

    /** Three templates in a directory whose name, like theirs, holds characters that URIs and XML must escape. */
    private List<String> templates() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("odd dir <&> 'q' #1 %41"));
        String compliant = Files.readString(Paths.get(CheckCommandTest.example("compliant-function.yaml")));
        String app = compliant.replace("AWSTemplateFormatVersion: \"2010-09-09\"\n", String.join("\n",
                "AWSTemplateFormatVersion: \"2010-09-09\"",
                "Transform: AWS::Serverless-2016-10-31",
                "Conditions:",
                "  Never: !Equals [a, b]",
                ""));
        String function = String.join("\n",
                "    Properties:",
                "      Runtime: python3.8",
                "      Handler: app.handler",
                "      Role: !GetAtt FunctionRole.Arn",
                "      Code: {ZipFile: 'def handler(event, context): pass'}",
                "      Description: '" + HOSTILE.replace("'", "''") + "'",
                "");
        app += String.join("\n",
                "  Legacy:",
                "    Type: AWS::Lambda::Function",
                function,
                "  NeverDeployed:",
                "    Type: AWS::Lambda::Function",
                "    Condition: Never",
                function,
                "  SamFunction:",
                "    Type: AWS::Serverless::Function",
                "    Properties:",
                "      Runtime: python3.13",
                "      Handler: app.handler",
                "      CodeUri: s3://artifacts/app.zip",
                "");
        Path appFile = Files.writeString(dir.resolve("app <&>'\u00fc.yaml"), app, StandardCharsets.UTF_8);
        Path macro = Files.writeString(dir.resolve("macro %.yaml"), String.join("\n",
                "Transform: CompanyDefaults",
                "Resources:",
                "  Macro:",
                "    Type: AWS::Lambda::Function",
                function), StandardCharsets.UTF_8);
        Path broken = Files.writeString(dir.resolve("broken [x].yaml"), String.join("\n",
                "Resources:",
                "  Broken:",
                "    Type: AWS::Lambda::Function",
                "    Properties:",
                "      Role: !Ref \"Missing" + HOSTILE.replace("\"", "\\\"") + "\"",
                ""), StandardCharsets.UTF_8);
        return List.of(appFile.toString(), macro.toString(), broken.toString());
    }

    private String typeConfiguration() throws Exception {
        ObjectNode exemption = JSON.createObjectNode().put("Rule", "lambda-dlq-configured").put("Reason", "ticket " + HOSTILE)
                .put("ApprovedBy", "platform <team>@example.com").put("Expires", "2099-12-31");
        exemption.putArray("Stacks").add("*");
        exemption.putArray("LogicalIds").add("Legacy");
        ObjectNode configuration = JSON.createObjectNode();
        configuration.putArray("Exemptions").add(exemption);
        return Files.writeString(tmp.resolve("type-configuration.json"), configuration.toString()).toString();
    }

    private String report(String format) throws Exception {
        Path out = tmp.resolve("report." + format);
        List<String> args = new ArrayList<>(List.of("--format", format, "--output", out.toString(),
                "--type-configuration", typeConfiguration()));
        args.addAll(templates());
        CheckCommandTest.Run r = CheckCommandTest.check(args.toArray(String[]::new));
        assertEquals(2, r.code(), "an unreadable template is an input error: " + r.err());
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static List<String> sarifProblems(String sarif) {
        try {
            sarifSchema.validate(new JSONObject(sarif));
            return List.of();
        } catch (ValidationException e) {
            return e.getAllMessages();
        }
    }

    private static void validateJunit(String xml) throws Exception {
        Validator validator = junitSchema.newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator.validate(new StreamSource(new StringReader(xml)));
    }

    @Test
    void sarifOfEveryKindOfOutcomeIsValidSarif210() throws Exception {
        String sarif = report("sarif");
        assertEquals(List.of(), sarifProblems(sarif), sarif);

        JsonNode run = JSON.readTree(sarif).at("/runs/0");
        List<String> seen = new ArrayList<>();
        for (JsonNode result : run.get("results")) {
            String logicalId = result.at("/locations/0/logicalLocations/0/name").asText();
            seen.add(logicalId + ":" + result.get("ruleId").asText() + (result.has("suppressions") ? ":suppressed" : ""));
        }
        assertTrue(seen.contains("Legacy:lambda-tracing-active"), seen.toString());
        assertTrue(seen.contains("Legacy:lambda-dlq-configured:suppressed"), seen.toString());
        assertTrue(seen.contains("NeverDeployed:lambda-hook/not-evaluated"), seen.toString());
        assertTrue(seen.contains("Macro:lambda-hook/indeterminate"), seen.toString());
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("SamFunction:")), "the SAM function is evaluated: " + seen);
        assertTrue(seen.stream().noneMatch(s -> s.startsWith("OrdersFunction:")), "the compliant one has no result: " + seen);
        assertTrue(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText().contains("Missing<&>"),
                run.toString());
        String uri = run.at("/artifacts/0/location/uri").asText();
        assertTrue(uri.endsWith("app%20%3C&%3E'%C3%BC.yaml"), "a path is written as a URI reference: " + uri);
    }

    @Test
    void junitOfEveryKindOfOutcomeIsValidJunitXml() throws Exception {
        String xml = report("junit");
        validateJunit(xml);
        assertTrue(xml.contains("classname=\"" + tmp.toString().replace("&", "&amp;")), xml);
        assertTrue(xml.contains("<skipped message="), xml);
        assertTrue(xml.contains("<error type=\"UnreadableTemplate\""), xml);
        assertTrue(xml.contains("<failure type=\"NonCompliant\""), xml);
        assertTrue(xml.contains("name=\"SamFunction\""), xml);
    }

    /** The schemas are not lenient: what the formats forbid is rejected, so the tests above can fail. */
    @Test
    void theSchemasRejectWhatTheFormatsForbid() throws Exception {
        ObjectNode sarif = (ObjectNode) JSON.readTree(report("sarif"));
        ((ObjectNode) sarif.at("/runs/0/results/0")).put("level", "fatal");
        assertTrue(sarifProblems(sarif.toString()).stream().anyMatch(p -> p.contains("level")), sarif.toString());
        sarif = (ObjectNode) JSON.readTree(report("sarif"));
        ((ObjectNode) sarif.at("/runs/0/artifacts/0/location")).put("uri", "a path with spaces");
        assertTrue(sarifProblems(sarif.toString()).stream().anyMatch(p -> p.contains("uri")), sarif.toString());

        String xml = report("junit");
        assertThrows(SAXException.class, () -> validateJunit(xml.replaceFirst("<testsuite ", "<testsuite verdict=\"x\" ")));
        assertThrows(SAXException.class, () -> validateJunit(xml.replaceFirst("<failure type=\"NonCompliant\"", "<failure")));
        assertThrows(SAXException.class, () -> validateJunit(xml.replaceFirst("timestamp=\"[^\"]*\"", "timestamp=\"yesterday\"")));
    }
}
