package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Report rendering with hostile text and unreadable templates. */
class ReportWriterTest {

    private static Report report() {
        Report r = new Report();
        r.rules.add(new Report.RuleInfo("rule-a", "Rule A", "HIGH", "why", "fix it", "https://example.com/a"));
        List<Report.FunctionResult> fns = new ArrayList<>();
        fns.add(new Report.FunctionResult("Fn\u0001<&>\"", "AWS::Lambda::Function", 4, Report.Verdict.NON_COMPLIANT, "FAILED",
                "NonCompliant", "bad \u0000 message \uD800", List.of(new Report.Annotation("rule-a", "FAILED",
                "broken \u001b[31m <tag> & \"quote\"", "fix \u0007 it", "https://example.com/a", "HIGH")), 1, 12));
        fns.add(new Report.FunctionResult("Gone", "AWS::Lambda::Function", 9, Report.Verdict.INDETERMINATE, "FAILED",
                "InternalFailure", "evaluation failed\nsecond line", List.of(), 2, 30));
        r.templates.add(new Report.TemplateResult("dir/t.yaml", fns, null));
        r.templates.add(new Report.TemplateResult("dir/broken.yaml", new ArrayList<>(), "dir/broken.yaml:3: invalid YAML"));
        return r;
    }

    @Test
    void junitStaysWellFormedWhateverTheMessagesContain() throws Exception {
        String xml = ReportWriter.render(report(), "junit", false);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertEquals("3", root.getAttribute("tests"));
        assertEquals("1", root.getAttribute("failures"));
        assertEquals("2", root.getAttribute("errors"));
        assertTrue(doc.getElementsByTagName("failure").item(0).getTextContent().contains("<tag> & \"quote\""));
        assertEquals("evaluation failed", ((Element) doc.getElementsByTagName("error").item(0)).getAttribute("message"));
    }

    @Test
    void sarifReportsUnreadableTemplatesAsNotificationsAndIndeterminateAsResults() throws Exception {
        JsonNode sarif = new ObjectMapper().readTree(ReportWriter.render(report(), "sarif", false));
        JsonNode run = sarif.at("/runs/0");
        assertFalse(run.at("/invocations/0/executionSuccessful").asBoolean());
        assertEquals(2, run.at("/invocations/0/exitCode").asInt());
        assertTrue(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText().contains("invalid YAML"));
        assertEquals(2, run.get("results").size());
        assertEquals("rule-a", run.at("/results/0/ruleId").asText());
        assertEquals("error", run.at("/results/0/level").asText());
        assertEquals(4, run.at("/results/0/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("lambda-hook/indeterminate", run.at("/results/1/ruleId").asText());
        assertEquals(9, run.at("/results/1/locations/0/physicalLocation/region/startLine").asInt());
    }

    @Test
    void textAndJsonCarryTheVerdicts() throws Exception {
        String text = ReportWriter.render(report(), "text", false);
        assertTrue(text.contains("BLOCKED"));
        assertTrue(text.contains("fix: fix"));
        assertTrue(text.contains("1 template unreadable"));
        JsonNode json = new ObjectMapper().readTree(ReportWriter.render(report(), "json", false));
        assertEquals(2, json.get("exitCode").asInt());
        assertEquals("INDETERMINATE", json.at("/templates/0/functions/1/verdict").asText());
        assertTrue(json.at("/templates/0/functions/1/blocked").asBoolean());
        assertEquals("dir/broken.yaml:3: invalid YAML", json.at("/templates/1/error").asText());
    }
}
