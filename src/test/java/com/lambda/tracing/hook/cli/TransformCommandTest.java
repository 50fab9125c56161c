package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void printsTheProcessedTemplateAsJson() throws IOException {
        Path t = write("app.yaml", String.join("\n",
                "Transform: AWS::Serverless-2016-10-31",
                "Parameters:",
                "  Alias: {Type: String, Default: live}",
                "Resources:",
                "  Fn:",
                "    Type: AWS::Serverless::Function",
                "    Properties:",
                "      CodeUri: ./src",
                "      Handler: app.handler",
                "      Runtime: python3.12",
                "      AutoPublishAlias: !Ref Alias",
                "      Layers: [!Ref Deps]",
                "  Deps:",
                "    Type: AWS::Serverless::LayerVersion",
                "    Properties:",
                "      ContentUri: s3://b/deps.zip",
                ""));
        assertEquals(0, run("transform", "--region", "eu-west-1", "--parameter-overrides", "Alias=prod", t.toString()),
                err.toString());
        JsonNode doc = new ObjectMapper().readTree(out.toByteArray());
        JsonNode resources = doc.path("Resources");
        assertEquals("AWS::Lambda::Function", resources.path("Fn").path("Type").asText());
        assertTrue(resources.has("FnRole"));
        assertTrue(resources.has("FnAliasprod"));
        String layerRef = resources.path("Fn").path("Properties").path("Layers").get(0).path("Ref").asText();
        assertTrue(layerRef.matches("Deps[0-9a-f]{10}"), layerRef);
        assertEquals("AWS::Lambda::LayerVersion", resources.path(layerRef).path("Type").asText());
        assertTrue(!doc.has("Transform"));
    }

    @Test
    void writesToOutputFile() throws IOException {
        Path t = write("a.yaml", "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                + "      InlineCode: x\n      Handler: h\n      Runtime: r\n");
        Path o = dir.resolve("out.json");
        assertEquals(0, run("transform", t.toString(), "--output", o.toString()));
        assertEquals("", out.toString());
        assertEquals("AWS::Lambda::Function", new ObjectMapper().readTree(o.toFile()).at("/Resources/Fn/Type").asText());
    }

    @Test
    void rejectedTemplateIsOneLineAndExitTwo() throws IOException {
        Path t = write("bad.yaml", "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                + "      Handler: h\n      Runtime: r\n");
        assertEquals(2, run("transform", t.toString()));
        String message = err.toString().trim();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("bad.yaml") && message.contains("[Fn]") && message.contains("CodeUri"), message);
        assertEquals("", out.toString());
    }

    @Test
    void anEventTheTranslatorRejectsIsOneLineAndExitTwo() throws IOException {
        Path t = write("events.yaml", "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                + "      InlineCode: x\n      Handler: h\n      Runtime: python3.12\n      Events:\n"
                + "        Upload: {Type: S3, Properties: {Bucket: not-in-this-template, Events: 's3:ObjectCreated:*'}}\n");
        assertEquals(2, run("transform", t.toString()));
        assertEquals("lambda-hook: " + t + ": Resource with id [Fn] is invalid. Event with id [Upload] is invalid. S3"
                + " events must reference an S3 bucket in the same template.", err.toString().trim());
        assertEquals("", out.toString());
    }

    @Test
    void aResourceWhoseTypeIsNotAStringIsKeptAsTheTranslatorKeepsIt() throws IOException {
        Path t = write("odd.yaml", "Resources:\n  Odd:\n    Type: {AWS::Serverless::Function: x}\n");
        assertEquals(0, run("transform", t.toString()), err.toString());
        assertEquals("x", new ObjectMapper().readTree(out.toByteArray()).at("/Resources/Odd/Type/AWS::Serverless::Function")
                .asText());
    }

    @Test
    void undeclaredParameterOverrideIsBadUsage() throws IOException {
        Path t = write("a.yaml", "Resources:\n  T:\n    Type: AWS::SNS::Topic\n");
        assertEquals(2, run("transform", "--parameter-overrides", "Nope=1", t.toString()));
        assertTrue(err.toString().contains("Nope"));
    }
}
