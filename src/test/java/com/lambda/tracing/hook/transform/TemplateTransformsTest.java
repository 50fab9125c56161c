package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateTransformsTest {
    private static final String UNDECLARED = "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
            + "      CodeUri: s3://b/k\n      Handler: h\n      Runtime: r\n";

    @Test
    void declaredTransformsInEveryForm() {
        assertEquals(List.of(), TemplateTransforms.declared(Sam.template("Resources: {}")));
        assertEquals(List.of("AWS::Serverless-2016-10-31"),
                TemplateTransforms.declared(Sam.template("Transform: AWS::Serverless-2016-10-31")));
        assertEquals(List.of("AWS::LanguageExtensions", "AWS::Serverless-2016-10-31", "AWS::Include"),
                TemplateTransforms.declared(Sam.template("Transform: [AWS::LanguageExtensions,"
                        + " AWS::Serverless-2016-10-31, {Name: AWS::Include, Parameters: {Location: s3://b/k}}]")));
        assertThrows(TransformException.class, () -> TemplateTransforms.declared(Sam.template("Transform: [1]")));
    }

    @Test
    void samWithoutTransformLineIsAppliedOnRequestAndRejectedOtherwise() {
        ObjectNode done = TemplateTransforms.process(Sam.template(UNDECLARED), Sam.options(Map.of()));
        assertEquals("AWS::Lambda::Function", done.path("Resources").path("Fn").path("Type").asText());
        TransformException e = assertThrows(TransformException.class,
                () -> TemplateTransforms.process(Sam.template(UNDECLARED), new TransformOptions("eu-west-1", Map.of(), false)));
        assertTrue(e.getMessage().contains("Fn") && e.getMessage().contains("Transform: AWS::Serverless-2016-10-31"),
                e.getMessage());
        assertFalse(e instanceof UnsupportedTransformException, "an undeclared SAM resource is an invalid template");
    }

    @Test
    void templateWithoutTransformsIsReturnedUnchanged() {
        ObjectNode plain = Sam.template("Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: r}\n");
        assertEquals(plain, TemplateTransforms.process(plain, Sam.options(Map.of())));
    }

    @Test
    void macrosAndIncludesCannotRunOffline() {
        UnsupportedTransformException e = assertThrows(UnsupportedTransformException.class, () -> TemplateTransforms
                .process(Sam.template("Transform: [MyMacro, AWS::Serverless-2016-10-31]\n" + UNDECLARED),
                        Sam.options(Map.of())));
        assertEquals("MyMacro", e.transform());
    }

    @Test
    void theArgumentIsNotChanged() {
        ObjectNode t = Sam.template("Transform: AWS::Serverless-2016-10-31\n" + UNDECLARED);
        ObjectNode copy = t.deepCopy();
        TemplateTransforms.process(t, Sam.options(Map.of()));
        assertEquals(copy, t);
    }

    @Test
    void partitionFollowsTheRegion() {
        assertEquals("aws", new TransformOptions("eu-west-1", Map.of(), true).partition());
        assertEquals("aws-cn", new TransformOptions("cn-north-1", Map.of(), true).partition());
        assertEquals("aws-us-gov", new TransformOptions("us-gov-west-1", Map.of(), true).partition());
    }
}
